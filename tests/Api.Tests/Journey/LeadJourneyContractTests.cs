using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using OrleansFlows.Api.Tests.Hosting;
using OrleansFlows.Contracts.Webhooks;
using OrleansFlows.TestKit.Saas;

namespace OrleansFlows.Api.Tests.Journey;

/// <summary>
/// The whole journey over HTTP against the real host: an operator creates a tenant, the tenant adds connections and a
/// workflow, signed webhooks arrive, the leads complete, and their steps, attempts, audit trail and stored records are
/// read back. Real loopback servers stand in for the enrichment API and Slack.
/// </summary>
public abstract class LeadJourneyContractTests : IAsyncLifetime
{
    private readonly TempFolder _data = new();

    protected EnrichmentServer Enrichment { get; private set; } = null!;

    protected SlackReceiver Slack { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Enrichment = await EnrichmentServer.StartAsync();
        Slack = await SlackReceiver.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await Enrichment.DisposeAsync();
        await Slack.DisposeAsync();
        _data.Dispose();
    }

    [Fact]
    public async Task Journey_SignedWebhooks_LeadsCompleteAndEverythingReadsBack()
    {
        await using var host = await CreateHostAsync(_data.Path, new Dictionary<string, string?> { ["OrleansFlows:Outbound:AllowPrivateNetworks"] = "true" });
        var tenant = await host.CreateTenantAsync("bakery", "Europe/Berlin");
        using var client = host.CreateTenantClient(tenant.ApiKey);
        Enrichment.FailNext(1, 503);

        await Put(client, "/v1/connections/enrichment", new { kind = "http", baseUrl = Enrichment.BaseAddress.ToString(), headers = new Dictionary<string, string> { ["X-Api-Key"] = "k-123" } });
        await Put(client, "/v1/connections/sales", new { kind = "slack", webhookUrl = Slack.WebhookUrl("sales").ToString() });
        var publish = await client.PutAsync("/v1/workflows/lead-to-customer", new StringContent(Definition, Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.OK, publish.StatusCode);
        var secret = (await (await client.PostAsync("/v1/webhook-secrets", null)).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("secret").GetString()!;

        using var anonymous = host.CreateClient();
        var leadIds = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            var response = await SendWebhookAsync(anonymous, "bakery", secret, $"msg-{i}", $$"""{"email":"lead{{i}}@example.com","name":"Lead {{i}}"}""");
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
            leadIds.Add((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("leadId").GetString()!);
        }

        var replay = await SendWebhookAsync(anonymous, "bakery", secret, "msg-0", """{"email":"lead0@example.com","name":"Lead 0"}""");
        Assert.Equal(HttpStatusCode.OK, replay.StatusCode);
        Assert.Equal(leadIds[0], (await replay.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("leadId").GetString());

        foreach (var id in leadIds)
        {
            var lead = await WaitForStatusAsync(client, id, "completed");
            Assert.Contains(lead.GetProperty("audit").EnumerateArray(), e => e.GetProperty("event").GetString() == "completed");
            Assert.Equal(new[] { "enrich", "save", "tell" }, lead.GetProperty("steps").EnumerateArray().Select(s => s.GetProperty("id").GetString()!).Order().ToArray());
        }

        var enrichAttempts = new List<string>();
        foreach (var id in leadIds)
        {
            var lead = await client.GetFromJsonAsync<JsonElement>($"/v1/leads/{id}");
            var outcomes = lead.GetProperty("attempts").EnumerateArray().Where(a => a.GetProperty("stepId").GetString() == "enrich")
                .Select(a => $"{a.GetProperty("outcome").GetString()}:{(a.GetProperty("httpStatus").ValueKind == JsonValueKind.Number ? a.GetProperty("httpStatus").GetInt32() : 0)}");
            enrichAttempts.Add(string.Join(",", outcomes));
        }

        // One lead met the enrichment API's single 503 and succeeded on its second attempt; each attempt is a row.
        Assert.Equal(new[] { "failed:503,succeeded:200", "succeeded:200", "succeeded:200" }, enrichAttempts.Order().ToArray());
        Assert.Equal(3, Slack.Messages.Count);
        Assert.All(Enrichment.Requests, r => Assert.Equal("k-123", r.Headers["X-Api-Key"]));

        var records = await client.GetFromJsonAsync<JsonElement>("/v1/records?limit=2");
        Assert.Equal(2, records.GetProperty("items").GetArrayLength());
        var rest = await client.GetFromJsonAsync<JsonElement>($"/v1/records?limit=2&cursor={Uri.EscapeDataString(records.GetProperty("nextCursor").GetString()!)}");
        Assert.Equal(1, rest.GetProperty("items").GetArrayLength());
        Assert.Equal(JsonValueKind.Null, rest.GetProperty("nextCursor").ValueKind);
        var completed = await client.GetFromJsonAsync<JsonElement>("/v1/leads?status=completed");
        Assert.Equal(3, completed.GetProperty("items").GetArrayLength());
        var usage = await client.GetFromJsonAsync<JsonElement>("/v1/usage/today");
        Assert.Equal(3, usage.GetProperty("leadsAccepted").GetInt64());
        var connections = await client.GetStringAsync("/v1/connections");
        Assert.DoesNotContain("k-123", connections);
        Assert.DoesNotContain("/hooks/sales", connections);
    }

    protected abstract Task<ApiHost> CreateHostAsync(string dataDirectory, IReadOnlyDictionary<string, string?> settings);

    private const string Definition = """
        {
          "input": {"type":"object","required":["email"],"properties":{"email":{"type":"string"},"name":{"type":"string"}}},
          "steps": [
            {"id":"enrich","kind":"http","connection":"enrichment","method":"POST","path":"/enrich","body":{"email":"{{ input.email }}"},
             "timeout":"5s","retry":{"maxAttempts":3,"initialDelay":"100ms","backoffFactor":2,"jitter":0,"retryOn":[503]}},
            {"id":"save","kind":"store"},
            {"id":"tell","kind":"notify","connection":"sales","text":"New lead {{ lead.name }} ({{ lead.company }}, score {{ lead.score }})"}
          ]
        }
        """;

    private static async Task Put(HttpClient client, string path, object body)
    {
        var response = await client.PutAsJsonAsync(path, body);
        Assert.True(response.IsSuccessStatusCode, $"PUT {path} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
    }

    private static Task<HttpResponseMessage> SendWebhookAsync(HttpClient client, string tenant, string secret, string id, string body)
    {
        var bytes = Encoding.UTF8.GetBytes(body);
        var timestamp = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var request = new HttpRequestMessage(HttpMethod.Post, $"/v1/hooks/{tenant}/lead-to-customer") { Content = new ByteArrayContent(bytes) };
        request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        request.Headers.Add(StandardWebhookSignature.IdHeader, id);
        request.Headers.Add(StandardWebhookSignature.TimestampHeader, timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture));
        request.Headers.Add(StandardWebhookSignature.SignatureHeader, StandardWebhookSignature.Sign(secret, id, timestamp, bytes));
        return client.SendAsync(request);
    }

    private static async Task<JsonElement> WaitForStatusAsync(HttpClient client, string leadId, string status)
    {
        var deadline = DateTimeOffset.UtcNow.AddSeconds(30);
        JsonElement lead = default;
        while (DateTimeOffset.UtcNow < deadline)
        {
            lead = await client.GetFromJsonAsync<JsonElement>($"/v1/leads/{leadId}");
            if (lead.GetProperty("status").GetString() == status)
            {
                return lead;
            }

            await Task.Delay(50);
        }

        throw new TimeoutException($"Lead {leadId} did not reach '{status}' within 30 s; last seen: {lead}");
    }
}
