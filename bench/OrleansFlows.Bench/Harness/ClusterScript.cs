using System.Diagnostics;

namespace OrleansFlows.Bench.Harness;

/// <summary>Runs <c>deploy/local/cluster.sh</c> commands with the given environment (state directory, ports, timings).</summary>
internal static class ClusterScript
{
    public static async Task<(int Code, string Output)> RunAsync(string command, IReadOnlyDictionary<string, string> environment)
    {
        var start = new ProcessStartInfo("bash")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add(Path.Combine(RepositoryRoot.Find(), "deploy", "local", "cluster.sh"));
        foreach (var argument in command.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await output + await error);
    }

    /// <summary>The settings <c>cluster.sh start</c> wrote to <c>$STATE_DIR/cluster.env</c>.</summary>
    public static Dictionary<string, string> ReadEnvironment(string stateDirectory) =>
        File.ReadAllLines(Path.Combine(stateDirectory, "cluster.env"))
            .Where(l => l.Contains('=', StringComparison.Ordinal))
            .Select(l => l.Split('=', 2))
            .ToDictionary(p => p[0], p => p[1]);
}
