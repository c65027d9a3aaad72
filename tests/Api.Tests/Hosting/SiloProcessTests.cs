using System.Diagnostics;
using System.Net;
using OrleansFlows.Api.Tests.Support;

namespace OrleansFlows.Api.Tests.Hosting;

/// <summary>
/// The built standalone silo (src/Silo) as a process: its health port, and the settings of Kubernetes hosting and the
/// health port refused with a message that names them.
/// </summary>
public sealed class SiloProcessTests : IDisposable
{
    private readonly TempFolder _data = new();

    private static string SiloDll => Path.Combine(BuiltApi.RepositoryRoot(), "src", "Silo", "bin", BuiltApi.Configuration, "net10.0", "OrleansFlows.Silo.dll");

    [Fact]
    public async Task HealthPort_ServesLiveReadyAndDatabase_AndNothingElse_ThenStopsOnSigterm()
    {
        var port = TestKit.LoopbackPorts.Free();
        var start = SiloStart();
        start.Environment["OrleansFlows__Silo__HealthPort"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(10) };
            var deadline = DateTimeOffset.UtcNow + TimeSpan.FromSeconds(90);
            HttpStatusCode? ready = null;
            while (ready != HttpStatusCode.OK && DateTimeOffset.UtcNow < deadline && !process.HasExited)
            {
                try
                {
                    ready = (await http.GetAsync("/health/ready")).StatusCode;
                }
                catch (HttpRequestException)
                {
                    // Not listening yet: the silo starts its HTTP port once Orleans has started.
                }

                await Task.Delay(200);
            }

            Assert.True(ready == HttpStatusCode.OK, $"the silo's /health/ready answered {ready?.ToString() ?? "nothing"}; exited: {process.HasExited}");
            Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/health/live")).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/health/db")).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync("/metrics")).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync("/v1/tenants")).StatusCode);
        }
        finally
        {
            if (!process.HasExited)
            {
                Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])!.WaitForExit();
            }
        }

        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
        Assert.True(process.ExitCode == 0, $"exit {process.ExitCode}: {await stderr}");
        Assert.Contains($"Now listening on: http://[::]:{port}", await stdout, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("OrleansFlows__Silo__HealthPort", "eighty", "OrleansFlows:Silo:HealthPort must be a TCP port (1-65535); it is 'eighty'")]
    [InlineData("OrleansFlows__Cluster__KubernetesHosting", "true", "OrleansFlows:Cluster:KubernetesHosting is on, but this process does not run in a Kubernetes pod (KUBERNETES_SERVICE_HOST is not set)")]
    public async Task Start_BadSetting_ExitsWithOneNamingIt(string variable, string value, string expected)
    {
        var start = SiloStart();
        start.Environment[variable] = value;
        start.Environment["OrleansFlows__Storage__Provider"] = "Postgres";
        start.Environment["OrleansFlows__Storage__PostgresConnectionString"] = "Host=127.0.0.1;Port=1;Username=u;Password=p;Database=d;Timeout=1";
        start.Environment["OrleansFlows__Cluster__Enabled"] = "true";
        start.Environment.Remove("KUBERNETES_SERVICE_HOST");
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(1, process.ExitCode);
        Assert.Contains($"OrleansFlows silo could not start: {expected}", await stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("Now listening", await stdout, StringComparison.Ordinal);
    }

    // The built silo in the test's own data folder (SQLite unless a test says otherwise), its output captured.
    private ProcessStartInfo SiloStart()
    {
        var start = new ProcessStartInfo("dotnet", [SiloDll, "--contentRoot", Path.GetDirectoryName(SiloDll)!])
        {
            WorkingDirectory = _data.Path,
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        };
        start.Environment["OrleansFlows__Storage__SqlitePath"] = Path.Combine(_data.Path, "silo.db");
        start.Environment["OrleansFlows__DataDirectory"] = Path.Combine(_data.Path, "data");
        return start;
    }

    public void Dispose() => _data.Dispose();
}
