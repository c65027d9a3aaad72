using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using OrleansFlows.Bench.Flows;

namespace OrleansFlows.Bench.ApiLeads;

/// <summary>
/// Sets tenants up through the public REST API, as a real operator and tenant would: the operator creates the tenant
/// (<c>POST /v1/tenants</c>) and sets its plan (<c>PUT /v1/tenants/{id}/limits</c>); the tenant, with its API key, adds
/// the enrichment and Slack connections, publishes the 4-step lead-to-customer workflow of <c>bench leads</c>
/// (<see cref="BenchTenant.Definition"/>) and creates a webhook signing secret.
/// </summary>
internal sealed class TenantSetup(Uri product, string operatorKey, StandInsProcess standIns)
{
    /// <summary>Leads a day and webhooks a minute for every benchmark tenant: high enough that neither is what the run measures.</summary>
    public const int UnlimitedLeadsPerDay = 10_000_000;

    public const int UnlimitedIngestPerMinute = 1_000_000;

    /// <param name="id">The tenant id.</param>
    /// <param name="concurrentOutboundCalls">The plan's cap on the tenant's concurrent step attempts; null keeps the default plan's.</param>
    public async Task<ApiTenant> CreateAsync(string id, int? concurrentOutboundCalls)
    {
        using var http = new HttpClient { BaseAddress = product, Timeout = TimeSpan.FromSeconds(60) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", operatorKey);
        var created = await SendAsync(http, HttpMethod.Post, "v1/tenants", JsonContent.Create(new { id, name = $"Bench {id}", timeZone = "UTC" }));
        var apiKey = created.GetProperty("apiKey").GetProperty("key").GetString()!;
        var defaults = Limits(await SendAsync(http, HttpMethod.Get, $"v1/tenants/{id}", null));
        var limits = Limits(await SendAsync(http, HttpMethod.Put, $"v1/tenants/{id}/limits", JsonContent.Create(new
        {
            leadsPerDay = UnlimitedLeadsPerDay,
            concurrentOutboundCalls = concurrentOutboundCalls ?? defaults.ConcurrentOutboundCalls,
            ingestPerMinute = UnlimitedIngestPerMinute,
        })));

        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
        await SendAsync(http, HttpMethod.Put, "v1/connections/enrichment", JsonContent.Create(new
        {
            kind = "http",
            baseUrl = standIns.Enrichment.ToString(),
            headers = new Dictionary<string, string> { ["X-Api-Key"] = "bench-key-1" },
        }));
        await SendAsync(http, HttpMethod.Put, "v1/connections/sales", JsonContent.Create(new { kind = "slack", webhookUrl = standIns.SlackWebhook.ToString() }));
        await SendAsync(http, HttpMethod.Put, $"v1/workflows/{BenchTenant.Workflow}", new StringContent(BenchTenant.Definition, Encoding.UTF8, "application/json"));
        var secret = (await SendAsync(http, HttpMethod.Post, "v1/webhook-secrets", null)).GetProperty("secret").GetString()!;
        return new ApiTenant(id, apiKey, secret, limits);
    }

    private static PlanFigures Limits(JsonElement tenant)
    {
        var limits = tenant.GetProperty("limits");
        return new PlanFigures(
            limits.GetProperty("leadsPerDay").GetInt32(),
            limits.GetProperty("concurrentOutboundCalls").GetInt32(),
            limits.GetProperty("ingestPerMinute").GetInt32());
    }

    private static async Task<JsonElement> SendAsync(HttpClient http, HttpMethod method, string path, HttpContent? content)
    {
        using var request = new HttpRequestMessage(method, path) { Content = content };
        using var response = await http.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"{method} /{path} answered {(int)response.StatusCode}: {body}");
        }

        return body.Length == 0 ? default : JsonDocument.Parse(body).RootElement.Clone();
    }
}
