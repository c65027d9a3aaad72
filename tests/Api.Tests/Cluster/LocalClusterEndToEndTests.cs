using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using OrleansFlows.Api.Tests.Support;
using OrleansFlows.TestKit.Saas;

namespace OrleansFlows.Api.Tests.Cluster;

/// <summary>
/// Real processes: <c>deploy/local/cluster.sh</c> starts PostgreSQL, three silo processes and two
/// client-mode API processes (as behind a load balancer; webhooks alternate between them).
/// Signed webhooks flow in while one silo is sent <c>kill -9</c>; every accepted lead completes, exactly once.
/// </summary>
[Trait("Category", "Cluster")]
[Collection(LocalClusterCollection.Name)]
public sealed class LocalClusterEndToEndTests : IAsyncLifetime
{
    private const int Leads = 30;
    private readonly LocalClusterScript _cluster = new(apiProcesses: 2);
    private EnrichmentServer _enrichment = null!;
    private SlackReceiver _slack = null!;
    private bool _passed;

    public LocalClusterEndToEndTests()
    {
        // The enrichment server and the Slack receiver listen on 127.0.0.1.
        _cluster.Environment["ALLOW_PRIVATE_NETWORKS"] = "1";

        // A lead whose step was running on the killed silo waits its step timeout plus this before it runs it again.
        _cluster.Environment["RESUME_MARGIN"] = "00:00:03";
    }

    public async Task InitializeAsync()
    {
        _enrichment = await EnrichmentServer.StartAsync();
        _slack = await SlackReceiver.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _cluster.RunAsync("stop", TimeSpan.FromMinutes(2));

        // After a failure the processes' logs stay in the state folder's logs/.
        if (_passed)
        {
            _cluster.DeleteState();
        }

        await _enrichment.DisposeAsync();
        await _slack.DisposeAsync();
    }

    [Fact]
    public async Task KillNineOfASiloMidRun_EveryAcceptedLeadCompletesExactlyOnce()
    {
        var start = await _cluster.RunAsync("start", TimeSpan.FromMinutes(2));
        Assert.True(start.ExitCode == 0, $"cluster.sh start failed: {start}");
        var settings = _cluster.ReadSettings();
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
        var kill = await _cluster.RunAsync("kill-silo 2", TimeSpan.FromSeconds(30));
        Assert.True(kill.ExitCode == 0, kill.ToString());
        var killedAt = Stopwatch.StartNew();
        await Task.WhenAll(senders);
        foreach (var api in apis)
        {
            api.Dispose();
        }

        Assert.Equal(Leads, accepted.Values.Distinct().Count());
        // A lead whose grain died with the silo is woken by its partition's sweeper. A sweeper that died too comes back
        // on its Orleans reminder (period 1 minute) once the others have declared the silo dead (a few seconds with the
        // script's probe timings), then sweeps within SweepInterval: every lead completes within 2 minutes of the kill.
        foreach (var leadId in accepted.Values)
        {
            var left = TimeSpan.FromMinutes(2) - killedAt.Elapsed;
            var lead = await LeadPolling.WaitForStatusAsync(client, leadId, "completed", left > TimeSpan.FromSeconds(5) ? left : TimeSpan.FromSeconds(5));
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
        _passed = true;
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
