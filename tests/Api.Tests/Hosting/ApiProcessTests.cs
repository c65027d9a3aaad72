using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using OrleansFlows.Api.Tests.Support;

namespace OrleansFlows.Api.Tests.Hosting;

/// <summary>Runs the real API executable, as the README's run command does.</summary>
public sealed class ApiProcessTests : IDisposable
{
    private readonly TempFolder _data = new();

    [Fact]
    public async Task Start_DatabaseUnreachable_ExitsNonZeroWithClearMessage()
    {
        var start = ApiStart("http://127.0.0.1:0");
        start.Environment["OrleansFlows__Storage__Provider"] = "Postgres";
        start.Environment["OrleansFlows__Storage__PostgresConnectionString"] = "Host=127.0.0.1;Port=1;Username=u;Password=p;Database=d;Timeout=1";
        start.Environment["OrleansFlows__OperatorKey"] = "test";
        start.Environment["OrleansFlows__Storage__StoreStartup__MaxAttempts"] = "3";
        start.Environment["OrleansFlows__Storage__StoreStartup__InitialDelay"] = "00:00:00.200";

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
    [InlineData("Postgres", "true", null, null, "OrleansFlows:Cluster:SiloAddress must be ip:port")]
    [InlineData("Postgres", "true", "silo-1:11111", null, "OrleansFlows:Cluster:SiloAddress must be ip:port")]
    [InlineData("Postgres", "true", "127.0.0.1:11111", "0", "OrleansFlows:Cluster:GatewayPort must be a TCP port")]
    [InlineData("Sqlite", null, null, null, "A cluster client needs OrleansFlows:Storage:Provider Postgres")]
    public async Task Start_ClusterSettingsIncomplete_ExitsNonZeroNamingTheSetting(string provider, string? clusterEnabled, string? siloAddress, string? gatewayPort, string expected)
    {
        var start = ApiStart("http://127.0.0.1:0");
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

        if (gatewayPort is not null)
        {
            start.Environment["OrleansFlows__Cluster__GatewayPort"] = gatewayPort;
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

    [Fact]
    public async Task Standalone_BuiltApi_CoHostsAnOrleansSiloAndRunsASignedLead()
    {
        var port = TestKit.LoopbackPorts.Free();
        var start = ApiStart($"http://127.0.0.1:{port}");
        start.Environment["OrleansFlows__OperatorKey"] = "process-test-operator-key";
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
            await WaitUntilReadyAsync(http, process);

            http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", "process-test-operator-key");
            var created = await http.PostAsJsonAsync("/v1/tenants", new { id = "process-tenant", name = "Process tenant", timeZone = "UTC" });
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
            var apiKey = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("apiKey").GetProperty("key").GetString()!;

            // Kestrel's body limit on a body the framework binds: the same problem as where the handler reads the body.
            var tooLarge = await http.PutAsync("/v1/tenants/process-tenant", new StringContent($$"""{"name":"{{new string('x', 300_000)}}"}""", System.Text.Encoding.UTF8, "application/json"));
            await ProblemAssert.IsAsync(tooLarge, HttpStatusCode.RequestEntityTooLarge, "payload-too-large");

            http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", apiKey);
            Assert.Equal(HttpStatusCode.OK, (await http.PutAsJsonAsync("/v1/workflows/signup", TestWorkflows.TransformAndStore())).StatusCode);
            var secret = (await (await http.PostAsync("/v1/webhook-secrets", null)).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("secret").GetString()!;

            var body = """{"email":"someone@example.com","name":"Someone"}"""u8.ToArray();
            using var anonymous = new HttpClient { BaseAddress = http.BaseAddress };
            var accepted = await anonymous.SendAsync(SignedWebhook.Create("/v1/hooks/process-tenant/signup", secret, body));
            Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
            var leadId = (await accepted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("leadId").GetString()!;

            var lead = await http.WaitForStatusAsync(leadId, "completed", TimeSpan.FromSeconds(60));
            Assert.Equal("long", lead.GetProperty("data").GetProperty("tier").GetString());
            var records = await http.GetFromJsonAsync<JsonElement>("/v1/records");
            Assert.Equal(leadId, records.GetProperty("items")[0].GetProperty("leadId").GetString());
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }

        Assert.DoesNotContain("Unhandled exception", await stderr + await stdout);
    }

    // The built API in the test's own data folder, its output captured.
    private ProcessStartInfo ApiStart(string url) => new("dotnet", [BuiltApi.Dll, "--urls", url])
    {
        WorkingDirectory = _data.Path,
        RedirectStandardError = true,
        RedirectStandardOutput = true,
    };

    private static async Task WaitUntilReadyAsync(HttpClient http, Process process)
    {
        var deadline = DateTimeOffset.UtcNow + TimeSpan.FromSeconds(90);
        while (DateTimeOffset.UtcNow < deadline && !process.HasExited)
        {
            try
            {
                if ((await http.GetAsync("/health/ready")).IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            await Task.Delay(200);
        }

        Assert.Fail(process.HasExited ? $"The API exited with {process.ExitCode} before it was ready." : "The API was not ready within 90 s.");
    }

    public void Dispose() => _data.Dispose();
}
