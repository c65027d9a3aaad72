using System.Diagnostics;
using OrleansFlows.Api.Tests.Support;

namespace OrleansFlows.Api.Tests.OpenApi;

/// <summary>
/// Runs Redocly's OpenAPI linter (<c>@redocly/cli</c>, the version pinned here and in .ci/run) through <c>npx</c>, with
/// the rules in <c>redocly.yaml</c> at the repository root.
/// </summary>
internal static class OpenApiLinter
{
    /// <summary>The pinned linter; .ci/run fetches the same version before the tests.</summary>
    public const string Package = "@redocly/cli@2.77.0";

    /// <summary>Lints <paramref name="documentPath"/>; returns the exit code and everything the linter printed.</summary>
    public static async Task<(int ExitCode, string Output)> LintAsync(string documentPath)
    {
        var root = BuiltApi.RepositoryRoot();
        var start = new ProcessStartInfo("npx")
        {
            WorkingDirectory = root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "--yes", Package, "lint", documentPath, "--config", Path.Combine(root, "redocly.yaml"), "--format", "stylish" })
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["REDOCLY_TELEMETRY"] = "off";
        start.Environment["REDOCLY_SUPPRESS_UPDATE_NOTICE"] = "true";
        using var process = Process.Start(start) ?? throw new InvalidOperationException("npx could not be started; install Node.js 20 or later.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(5));
        return (process.ExitCode, await stdout + await stderr);
    }
}
