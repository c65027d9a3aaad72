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

    public void Dispose() => _data.Dispose();
}
