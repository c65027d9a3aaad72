using System.Diagnostics;
using System.Globalization;
using OrleansFlows.Api.Tests.Support;
using OrleansFlows.TestKit;

namespace OrleansFlows.Api.Tests.Cluster;

/// <summary>
/// Runs <c>deploy/local/cluster.sh</c> against its own state folder and ports, chosen once, so that start, status,
/// kill-silo, restart-silo and stop all address the same cluster. It never builds (<c>NO_BUILD=1</c>): the processes
/// run the build output of the configuration these tests were built in, which built src/Api and src/Silo too.
/// </summary>
public sealed class LocalClusterScript
{
    /// <summary>Orleans membership timings for the tests, as the script's defaults: a killed silo is dead within a few seconds.</summary>
    public const string ProbeTimeout = "00:00:01";

    private readonly Dictionary<string, string> _environment = new();

    public LocalClusterScript(int apiProcesses = 1)
    {
        StateDirectory = Path.Combine(Path.GetTempPath(), $"orleansflows-cluster-{Guid.NewGuid():N}");
        ApiProcesses = apiProcesses;
        var siloBase = 20000 + (Random.Shared.Next(0, 1200) * 10);
        _environment["STATE_DIR"] = StateDirectory;
        _environment["NO_BUILD"] = "1";
        _environment["BUILD_CONFIGURATION"] = BuiltApi.Configuration;
        _environment["API_PROCESSES"] = apiProcesses.ToString(CultureInfo.InvariantCulture);
        _environment["API_PORT"] = LoopbackPorts.FreeRun(apiProcesses).ToString(CultureInfo.InvariantCulture);
        _environment["PG_PORT"] = LoopbackPorts.Free().ToString(CultureInfo.InvariantCulture);
        _environment["SILO_BASE_PORT"] = siloBase.ToString(CultureInfo.InvariantCulture);
        _environment["GATEWAY_BASE_PORT"] = (siloBase + 5).ToString(CultureInfo.InvariantCulture);
        _environment["SILO_HEALTH_BASE_PORT"] = (LoopbackPorts.FreeRun(3) - 1).ToString(CultureInfo.InvariantCulture);
        _environment["PROBE_TIMEOUT"] = ProbeTimeout;
        _environment["MISSED_PROBES_LIMIT"] = "3";
        _environment["TABLE_REFRESH_TIMEOUT"] = "00:00:01";
        _environment["START_TIMEOUT"] = "90";
    }

    public string StateDirectory { get; }

    public string LogDirectory => Path.Combine(StateDirectory, "logs");

    public int ApiProcesses { get; }

    /// <summary>Variables passed to the script on every run; a test may add its own before the first.</summary>
    public IDictionary<string, string> Environment => _environment;

    public int PostgresPort => int.Parse(_environment["PG_PORT"], CultureInfo.InvariantCulture);

    public int SiloPort(int silo) => int.Parse(_environment["SILO_BASE_PORT"], CultureInfo.InvariantCulture) + silo;

    /// <summary>Silo N's health port (<c>OrleansFlows__Silo__HealthPort</c>): /health/live, /health/ready, /health/db.</summary>
    public Uri SiloHealthUrl(int silo, string path) =>
        new($"http://127.0.0.1:{int.Parse(_environment["SILO_HEALTH_BASE_PORT"], CultureInfo.InvariantCulture) + silo}{path}");

    public async Task<ScriptRun> RunAsync(string arguments, TimeSpan timeout)
    {
        var script = Path.Combine(BuiltApi.RepositoryRoot(), "deploy", "local", "cluster.sh");
        var start = new ProcessStartInfo("bash", $"{script} {arguments}") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var (name, value) in _environment)
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        try
        {
            await process.WaitForExitAsync().WaitAsync(timeout);
        }
        catch (TimeoutException)
        {
            process.Kill(entireProcessTree: false);
            throw new TimeoutException($"cluster.sh {arguments} did not finish within {timeout}.");
        }

        return new ScriptRun(process.ExitCode, await output, await error);
    }

    /// <summary>The settings the script wrote to <c>cluster.env</c> after start.</summary>
    public Dictionary<string, string> ReadSettings() =>
        File.ReadAllLines(Path.Combine(StateDirectory, "cluster.env")).Select(l => l.Split('=', 2)).ToDictionary(p => p[0], p => p[1]);

    /// <summary>Every log line the script's processes wrote so far.</summary>
    public string ReadLogs(string prefix) =>
        string.Join('\n', Directory.GetFiles(LogDirectory, prefix + "*.log").Order().Select(File.ReadAllText));

    public void DeleteState()
    {
        if (Directory.Exists(StateDirectory))
        {
            Directory.Delete(StateDirectory, recursive: true);
        }
    }
}

/// <summary>One run of the script.</summary>
public sealed record ScriptRun(int ExitCode, string Output, string Error)
{
    public string All => Output + Error;

    public override string ToString() => $"exit {ExitCode}\n--- stdout\n{Output}\n--- stderr\n{Error}";
}

/// <summary>The local-cluster tests start real processes: one cluster at a time, on a machine with few cores.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class LocalClusterCollection
{
    public const string Name = "local-cluster";
}
