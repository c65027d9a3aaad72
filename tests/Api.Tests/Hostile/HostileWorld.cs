using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using OrleansFlows.Api.Tests.Hosting;

namespace OrleansFlows.Api.Tests.Hostile;

/// <summary>
/// What the sweep's requests refer to: a tenant with a workflow whose input schema has an integer, a connection, a
/// lead and a webhook secret; a second tenant that the operator calls suspend, rotate and revoke; and a third that
/// issues itself API keys.
/// </summary>
internal sealed class HostileWorld
{
    public const string Workflow = "intake";
    public const string Connection = "crm";

    private HostileWorld(TenantAccess tenant, TenantAccess victim, TenantAccess keyIssuer, string leadId, string secret)
    {
        Tenant = tenant;
        Victim = victim;
        KeyIssuer = keyIssuer;
        LeadId = leadId;
        Secret = secret;
    }

    /// <summary>The tenant whose key the tenant calls use.</summary>
    public TenantAccess Tenant { get; }

    /// <summary>The tenant the operator calls act on, so that suspending or revoking never blocks the sweep.</summary>
    public TenantAccess Victim { get; }

    /// <summary>The tenant whose key the self-service key issuing uses, since each issue may revoke the caller's oldest key.</summary>
    public TenantAccess KeyIssuer { get; }

    public string LeadId { get; }

    public string Secret { get; }

    /// <summary>The intake workflow: an input schema with a bounded integer, a number and a string, then a store step.</summary>
    public static JsonObject Definition() => new()
    {
        ["input"] = JsonNode.Parse("""
            {"type":"object","required":["email"],"properties":{"email":{"type":"string","minLength":3},"score":{"type":"integer","minimum":0,"maximum":100},"amount":{"type":"number"},"name":{"type":"string"}}}
            """),
        ["steps"] = JsonNode.Parse("""[{"id":"tier","kind":"transform","set":{"tier":"input.email.length > 10 ? 'long' : 'short'"}},{"id":"save","kind":"store"}]"""),
    };

    public static async Task<HostileWorld> CreateAsync(ApiHost host)
    {
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var tenant = await host.CreateTenantAsync($"sweep-{suffix}");
        var victim = await host.CreateTenantAsync($"victim-{suffix}");
        var keyIssuer = await host.CreateTenantAsync($"issuer-{suffix}");
        using var operatorClient = host.CreateOperatorClient();
        await ExpectAsync(HttpStatusCode.OK, operatorClient.PutAsJsonAsync(
            $"/v1/tenants/{tenant.TenantId}/limits", new { leadsPerDay = 1_000_000, concurrentOutboundCalls = 5, ingestPerMinute = 1_000_000 }));

        using var client = host.CreateTenantClient(tenant.ApiKey);
        await ExpectAsync(HttpStatusCode.OK, client.PutAsJsonAsync($"/v1/workflows/{Workflow}", Definition()));
        await ExpectAsync(HttpStatusCode.OK, client.PutAsJsonAsync($"/v1/connections/{Connection}", new { kind = "http", baseUrl = "https://203.0.113.5/" }));
        var lead = await ExpectAsync(HttpStatusCode.Accepted, client.PostAsJsonAsync($"/v1/workflows/{Workflow}/leads", new { email = "ann@example.com", score = 5 }));
        var secret = await ExpectAsync(HttpStatusCode.Created, client.PostAsync("/v1/webhook-secrets", null));
        return new HostileWorld(tenant, victim, keyIssuer, lead.GetProperty("leadId").GetString()!, secret.GetProperty("secret").GetString()!);
    }

    private static async Task<JsonElement> ExpectAsync(HttpStatusCode status, Task<HttpResponseMessage> sending)
    {
        using var response = await sending;
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"Setting up the sweep answered {(int)response.StatusCode}: {body}");
        return body.Length == 0 ? default : JsonDocument.Parse(body).RootElement.Clone();
    }
}
