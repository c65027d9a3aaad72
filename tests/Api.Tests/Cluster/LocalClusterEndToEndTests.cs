using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using OrleansFlows.Api.Tests.Support;
using OrleansFlows.TestKit.Saas;
using OrleansFlows.TestKit;

namespace OrleansFlows.Api.Tests.Cluster;

/// <summary>
/// Real processes: <c>deploy/local/cluster.sh</c> starts PostgreSQL, three silo processes and two
/// client-mode API processes (as behind a load balancer; webhooks alternate between them).
/// Signed webhooks flow in while one silo is sent <c>kill -9</c>; every accepted lead completes, exactly once.
/// </summary>
[Trait("Category", "Cluster")]
public sealed class LocalClusterEndToEndTests : IAsyncLifetime
{
    private const int Leads = 30;
    private static readonly TimeSpan DeathTimeout = TimeSpan.FromSeconds(5);
    private readonly string _state = Path.Combine(Path.GetTempPath(), $"orleansflows-e2e-{Guid.NewGuid():N}");
    private readonly Dictionary<string, string> _environment = new();
    private EnrichmentServer _enrichment = null!;
    private SlackReceiver _slack = null!;

    public async Task InitializeAsync()
    {
        _enrichment = await EnrichmentServer.StartAsync();
        _slack = await SlackReceiver.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await RunScriptAsync("stop", TimeSpan.FromMinutes(2));
        await _enrichment.DisposeAsync();
        await _slack.DisposeAsync();
    }

    [Fact]
    public async Task KillNineOfASiloMidRun_EveryAcceptedLeadCompletesExactlyOnce()
    {
        var start = await RunScriptAsync("start", TimeSpan.FromMinutes(3));
        Assert.True(start.ExitCode == 0, $"cluster.sh start failed ({start.ExitCode}): {start.Output}");
        var settings = File.ReadAllLines(Path.Combine(_state, "cluster.env")).Select(l => l.Split('=', 2)).ToDictionary(p => p[0], p => p[1]);
        using var http = new HttpClient { BaseAddress = new Uri(settings["API_URL"]), Timeout = TimeSpan.FromSeconds(60) };

        var tenant = await CreateTenantAsync(http, settings["OPERATOR_KEY"]);
        using var client = new HttpClient { BaseAddress = http.BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", tenant.ApiKey);
        await PutAsync(client, "/v1/connections/enrichment", new { kind = "http", baseUrl = _enrichment.BaseAddress.ToString() });
        await PutAsync(client, "/v1/connections/sales", new { kind = "slack", webhookUrl = _slack.WebhookUrl("sales").ToString() });
        var publish = await client.PutAsync("/v1/workflows/lead-to-customer", new StringContent(Definition, Encoding.UTF8, "application/json"));
        Assert.True(publish.IsSuccessStatusCode, await publish.Content.ReadAsStringAsync());
        var secret = (await (await client.PostAsync("/v1/webhook-secrets", null)).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("secret").GetString()!;

        var apis = settings["API_URLS"].Split(' ').Select(url => new HttpClient { BaseAddress = new Uri(url), Timeout = TimeSpan.FromSeconds(60) }).ToArray();
        Assert.Equal(2, apis.Length);
        var accepted = new ConcurrentDictionary<int, string>();
        var senders = Enumerable.Range(0, Leads).Select(async i =>
        {
            await Task.Delay(i * 100);
            accepted[i] = await DeliverAsync(apis[i % apis.Length], tenant.Id, secret, i);
        }).ToList();
        await Task.Delay(Leads * 100 / 2);
        var kill = await RunScriptAsync("kill-silo 2", TimeSpan.FromSeconds(30));
        Assert.True(kill.ExitCode == 0, kill.Output);
        await Task.WhenAll(senders);
        foreach (var api in apis)
        {
            api.Dispose();
        }

        Assert.Equal(Leads, accepted.Values.Distinct().Count());
        foreach (var leadId in accepted.Values)
        {
            var lead = await LeadPolling.WaitForStatusAsync(client, leadId, "completed", TimeSpan.FromSeconds(60));
            Assert.Single(lead.GetProperty("audit").EnumerateArray(), e => e.GetProperty("event").GetString() == "completed");
        }

        // Exactly once: one stored record per lead, and one Slack notification per lead (a resend keeps its idempotency key).
        var records = await client.GetFromJsonAsync<JsonElement>("/v1/records?limit=200");
        var recordLeads = records.GetProperty("items").EnumerateArray().Select(r => r.GetProperty("leadId").GetString()!).ToList();
        Assert.Equal(accepted.Values.Order().ToArray(), recordLeads.Order().ToArray());
        var notified = _slack.Messages.Select(m => m.IdempotencyKey ?? m.Text).Distinct().Count();
        Assert.Equal(Leads, notified);

        // Queries are grain calls to the silos too: a refusal raised on a silo keeps its status through the client.
        await ProblemAssert.IsAsync(await client.GetAsync("/v1/leads?cursor=not-a-cursor"), HttpStatusCode.BadRequest, "bad-request");
        Assert.Equal(Leads, (await client.GetFromJsonAsync<JsonElement>("/v1/leads?status=completed&limit=200")).GetProperty("items").GetArrayLength());
        Assert.InRange((await client.GetFromJsonAsync<JsonElement>("/v1/usage/today")).GetProperty("leadsAccepted").GetInt64(), 1, Leads);
    }

    // Sends one lead's webhook until the API accepts it; a resend carries the same webhook id, so it can't make a second lead.
    private static async Task<string> DeliverAsync(HttpClient http, string tenantId, string secret, int i)
    {
        var body = Encoding.UTF8.GetBytes($$"""{"email":"lead{{i}}@example.com","name":"Lead {{i}}"}""");
        var clock = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                using var response = await http.SendAsync(SignedWebhook.Create($"/v1/hooks/{tenantId}/lead-to-customer", secret, body, id: $"msg-{i}"));
                if (response.StatusCode is HttpStatusCode.Accepted or HttpStatusCode.OK)
                {
                    return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("leadId").GetString()!;
                }

                if ((int)response.StatusCode < 500)
                {
                    throw new InvalidOperationException($"Webhook {i} was refused with {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
                }
            }
            catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException && clock.Elapsed < TimeSpan.FromSeconds(60))
            {
                // The API may be between views of the cluster; the sender retries, as a webhook sender does.
            }

            if (clock.Elapsed > TimeSpan.FromSeconds(60))
            {
                throw new TimeoutException($"Webhook {i} was not accepted within 60 s.");
            }

            await Task.Delay(500);
        }
    }

    private static async Task<(string Id, string ApiKey)> CreateTenantAsync(HttpClient http, string operatorKey)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/tenants")
        {
            Content = JsonContent.Create(new { id = "bakery", name = "Bakery", timeZone = "Europe/Berlin" }),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", operatorKey);
        using var response = await http.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, body);
        return ("bakery", JsonDocument.Parse(body).RootElement.GetProperty("apiKey").GetProperty("key").GetString()!);
    }

    private static async Task PutAsync(HttpClient client, string path, object body)
    {
        using var response = await client.PutAsJsonAsync(path, body);
        Assert.True(response.IsSuccessStatusCode, $"PUT {path} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
    }

    private async Task<(int ExitCode, string Output)> RunScriptAsync(string arguments, TimeSpan timeout)
    {
        var script = Path.Combine(BuiltApi.RepositoryRoot(), "deploy", "local", "cluster.sh");
        var start = new ProcessStartInfo("bash", $"{script} {arguments}") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.Environment["STATE_DIR"] = _state;
        start.Environment["NO_BUILD"] = "1";
        start.Environment["API_PROCESSES"] = "2";
        start.Environment["DEATH_TIMEOUT"] = DeathTimeout.ToString("c");
        start.Environment["HEARTBEAT_PERIOD"] = "00:00:01";

        // A lead whose step was running on the killed silo waits its step timeout plus this before it runs it again.
        start.Environment["RESUME_MARGIN"] = "00:00:03";
        foreach (var (name, port) in Ports())
        {
            start.Environment[name] = port;
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(timeout);
        return (process.ExitCode, await output + await error);
    }

    // Chosen once per test, so start, kill and stop agree on them.
    private Dictionary<string, string> Ports()
    {
        if (_environment.Count == 0)
        {
            _environment["API_PORT"] = LoopbackPorts.Free().ToString(System.Globalization.CultureInfo.InvariantCulture);
            _environment["PG_PORT"] = LoopbackPorts.Free().ToString(System.Globalization.CultureInfo.InvariantCulture);
            _environment["SILO_BASE_PORT"] = (20000 + Random.Shared.Next(0, 20000)).ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        return _environment;
    }

    private const string Definition = """
        {
          "input": {"type":"object","required":["email"],"properties":{"email":{"type":"string"},"name":{"type":"string"}}},
          "steps": [
            {"id":"enrich","kind":"http","connection":"enrichment","method":"POST","path":"/enrich","body":{"email":"{{ input.email }}"},
             "timeout":"5s","retry":{"maxAttempts":5,"initialDelay":"200ms","backoffFactor":2,"jitter":0,"retryOn":[503]}},
            {"id":"save","kind":"store"},
            {"id":"tell","kind":"notify","connection":"sales","text":"New lead {{ lead.name }} ({{ input.email }})"}
          ]
        }
        """;
}
