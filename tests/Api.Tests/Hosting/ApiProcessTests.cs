using System.Diagnostics;

namespace OrleansFlows.Api.Tests.Hosting;

/// <summary>Runs the real API executable, as the README's run command does.</summary>
public sealed class ApiProcessTests : IDisposable
{
    private readonly TempFolder _data = new();

    [Fact]
    public async Task Start_DatabaseUnreachable_ExitsNonZeroWithClearMessage()
    {
        var start = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "OrleansFlows.Api.dll"), "--urls", "http://127.0.0.1:0"])
        {
            WorkingDirectory = _data.Path,
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        };
        start.Environment["OrleansFlows__Storage__Provider"] = "Postgres";
        start.Environment["OrleansFlows__Storage__PostgresConnectionString"] = "Host=127.0.0.1;Port=1;Username=u;Password=p;Database=d;Timeout=1";
        start.Environment["OrleansFlows__OperatorKey"] = "test";
        start.Environment["OrleansFlows__Runtime__StoreStartup__MaxAttempts"] = "3";
        start.Environment["OrleansFlows__Runtime__StoreStartup__InitialDelay"] = "00:00:00.200";

        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(90));

        Assert.Equal(1, process.ExitCode);
        Assert.Contains("OrleansFlows could not start: The silo can't start: PostgreSQL database 'd' on 127.0.0.1:1 was unreachable after 3 attempts.", await stderr);
        Assert.DoesNotContain("Now listening", await stdout);
    }

    [Theory]
    [InlineData("Sqlite", "true", null, null, "OrleansFlows:Cluster:Enabled needs OrleansFlows:Storage:Provider Postgres")]
    [InlineData("Postgres", "true", null, "0123456789abcdef0123", "OrleansFlows:Cluster:SiloAddress is required when the cluster is enabled")]
    [InlineData("Postgres", "true", "127.0.0.1:1", "short", "ClusterSecret must be at least 16 bytes")]
    [InlineData("Sqlite", null, null, null, "A cluster client needs OrleansFlows:Storage:Provider Postgres")]
    public async Task Start_ClusterSettingsIncomplete_ExitsNonZeroNamingTheSetting(string provider, string? clusterEnabled, string? siloAddress, string? secret, string expected)
    {
        var start = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "OrleansFlows.Api.dll"), "--urls", "http://127.0.0.1:0"])
        {
            WorkingDirectory = _data.Path,
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        };
        start.Environment["OrleansFlows__Storage__Provider"] = provider;
        start.Environment["OrleansFlows__Storage__PostgresConnectionString"] = "Host=127.0.0.1;Port=1;Username=u;Password=p;Database=d;Timeout=1";
        start.Environment["OrleansFlows__OperatorKey"] = "test";
        if (clusterEnabled is null)
        {
            start.Environment["OrleansFlows__Mode"] = "Client";
        }
        else
        {
            start.Environment["OrleansFlows__Cluster__Enabled"] = clusterEnabled;
        }

        if (siloAddress is not null)
        {
            start.Environment["OrleansFlows__Cluster__SiloAddress"] = siloAddress;
        }

        if (secret is not null)
        {
            start.Environment["OrleansFlows__Cluster__ClusterSecret"] = secret;
        }

        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(90));

        var error = await stderr;
        Assert.Equal(1, process.ExitCode);
        Assert.Contains("OrleansFlows could not start:", error);
        Assert.Contains(expected, error);
        Assert.DoesNotContain("Now listening", await stdout);
    }

    public void Dispose() => _data.Dispose();
}
