using System.Diagnostics;
using System.Runtime;
using System.Runtime.InteropServices;

namespace OrleansFlows.Bench.Harness;

/// <summary>What the figures were measured on.</summary>
internal sealed record MachineInfo(
    int ProcessorCount,
    string? CpuModel,
    string Os,
    string Framework,
    string Architecture,
    long TotalMemoryBytes,
    bool ServerGc,
    bool ConcurrentGc,
    string GcLatencyMode,
    string? GitCommit,
    bool? SourceHasLocalChanges)
{
    public static MachineInfo Collect(string repositoryRoot) => new(
        Environment.ProcessorCount,
        ReadCpuModel(),
        RuntimeInformation.OSDescription,
        RuntimeInformation.FrameworkDescription,
        RuntimeInformation.ProcessArchitecture.ToString(),
        GC.GetGCMemoryInfo().TotalAvailableMemoryBytes,
        GCSettings.IsServerGC,
        AppContext.TryGetSwitch("System.GC.Concurrent", out var concurrent) ? concurrent : true,
        GCSettings.LatencyMode.ToString(),
        Git(repositoryRoot, "rev-parse", "--short", "HEAD"),
        Git(repositoryRoot, "status", "--porcelain", "--", "src") is { } status ? status.Length > 0 : null);

    private static string? ReadCpuModel()
    {
        try
        {
            return File.ReadLines("/proc/cpuinfo")
                .FirstOrDefault(line => line.StartsWith("model name", StringComparison.Ordinal))?
                .Split(':', 2)[1].Trim();
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static string? Git(string workingDirectory, params string[] arguments)
    {
        try
        {
            var startInfo = new ProcessStartInfo("git")
            {
                WorkingDirectory = workingDirectory,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            foreach (var argument in arguments)
            {
                startInfo.ArgumentList.Add(argument);
            }

            using var process = Process.Start(startInfo);
            if (process is null)
            {
                return null;
            }

            var output = process.StandardOutput.ReadToEnd().Trim();
            process.WaitForExit();
            return process.ExitCode == 0 ? output : null;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null;
        }
    }
}
