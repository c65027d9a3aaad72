using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using OrleansFlows.Silo.Hosting;
using OrleansFlows.TestKit.Saas;
using OrleansFlows.Api.Tests.Support;

namespace OrleansFlows.Api.Tests.Hosting;

/// <summary>
/// The Prometheus scrape endpoint of the real API host on SQLite: after a lead runs through, the product's metrics
/// are there with their labels; tenant labels can be dropped; the endpoint can be turned off.
/// </summary>
public sealed class MetricsEndpointTests
{
    [Fact]
    public async Task Metrics_AfterALeadCompletes_ShowLeadCountersStepDurationAndBacklog()
    {
        using var data = new TempFolder();
        await using var host = ApiHost.Sqlite(data.Path);
        using var tenant = await WebhookTenant.CreateAsync(host, "metrics");
        await RunLeadAsync(tenant);

        var text = await ScrapeUntilAsync(host, "/metrics", t => t.Contains(tenant.TenantId, StringComparison.Ordinal) && t.Contains("orleansflows_leads_completed", StringComparison.Ordinal));

        Assert.Matches(LeadCounter("accepted", tenant.TenantId), text);
        Assert.Matches(LeadCounter("completed", tenant.TenantId), text);
        Assert.Matches(new Regex("""^orleansflows_step_duration_seconds_count\{[^}]*kind="transform"[^}]*outcome="succeeded"[^}]*\} [1-9]""", RegexOptions.Multiline), text);
        Assert.Matches(new Regex("""^orleansflows_step_duration_seconds_count\{[^}]*kind="store"[^}]*outcome="succeeded"[^}]*\} [1-9]""", RegexOptions.Multiline), text);
        Assert.Matches(new Regex("""^orleansflows_executor_backlog(\{[^}]*\})? \d+""", RegexOptions.Multiline), text);
        Assert.DoesNotMatch(LeadCounter("failed", tenant.TenantId), text);
    }

    [Fact]
    public async Task Metrics_AfterAnHttpStepMetA503ThenA200_CountOutboundCallsByStatusClass()
    {
        using var data = new TempFolder();
        await using var enrichment = await EnrichmentServer.StartAsync();
        await using var host = ApiHost.Sqlite(data.Path, settings: new Dictionary<string, string?> { ["OrleansFlows:Outbound:AllowPrivateNetworks"] = "true" });
        var access = await host.CreateTenantAsync($"metrics-http-{Guid.NewGuid().ToString("N")[..8]}");
        using var client = host.CreateTenantClient(access.ApiKey);
        Assert.True((await client.PutAsJsonAsync("/v1/connections/enrichment", new { kind = "http", baseUrl = enrichment.BaseAddress.ToString() })).IsSuccessStatusCode);
        var publish = await client.PutAsync("/v1/workflows/enrich", new StringContent(EnrichDefinition, Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.OK, publish.StatusCode);
        enrichment.FailNext(1, 503);

        var response = await client.PostAsync("/v1/workflows/enrich/leads", new StringContent("""{"email":"http@example.com"}""", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var leadId = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("leadId").GetString()!;
        await client.WaitForStatusAsync(leadId, "completed");

        var text = await ScrapeUntilAsync(host, "/metrics", t => t.Contains(access.TenantId, StringComparison.Ordinal) && t.Contains("orleansflows_outbound_calls_total", StringComparison.Ordinal));

        Assert.Matches(new Regex("""^orleansflows_outbound_calls_total\{(?=[^}]*status_class="5xx")(?=[^}]*outcome="retryable")[^}]*\} [1-9]""", RegexOptions.Multiline), text);
        Assert.Matches(new Regex("""^orleansflows_outbound_calls_total\{(?=[^}]*status_class="2xx")(?=[^}]*outcome="succeeded")[^}]*\} [1-9]""", RegexOptions.Multiline), text);
        Assert.Matches(new Regex("""^orleansflows_step_duration_seconds_count\{[^}]*kind="http"[^}]*outcome="retryable"[^}]*\} [1-9]""", RegexOptions.Multiline), text);
    }

    [Fact]
    public async Task Metrics_WithTenantLabelsOff_CountLeadsByWorkflowOnly()
    {
        using var data = new TempFolder();
        await using var host = ApiHost.Sqlite(data.Path, settings: new Dictionary<string, string?> { ["OrleansFlows:Telemetry:TenantLabels"] = "false" });
        using var tenant = await WebhookTenant.CreateAsync(host, "metrics-nolabel");
        await RunLeadAsync(tenant);

        var text = await ScrapeUntilAsync(host, "/metrics", t => t.Contains("orleansflows_leads_completed", StringComparison.Ordinal));

        Assert.Matches(new Regex("""^orleansflows_leads_accepted_total\{[^}]*workflow="signup"[^}]*\} [1-9]""", RegexOptions.Multiline), text);
        Assert.DoesNotContain("tenant=\"", text, StringComparison.Ordinal);
        Assert.DoesNotContain("orleansflows_executor_tenant_backlog", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Metrics_AtAMovedPath_AreServedThereAndNotAtTheDefault()
    {
        using var data = new TempFolder();
        await using var host = ApiHost.Sqlite(data.Path, settings: new Dictionary<string, string?> { ["OrleansFlows:Telemetry:PrometheusPath"] = "/internal/prometheus" });
        using var client = host.CreateOperatorClient();

        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/metrics")).StatusCode);
        var moved = await client.GetAsync("/internal/prometheus");
        Assert.Equal(HttpStatusCode.OK, moved.StatusCode);
    }

    [Fact]
    public async Task Metrics_WithAnEmptyPath_AreNotServed()
    {
        using var data = new TempFolder();
        await using var host = ApiHost.Sqlite(data.Path, settings: new Dictionary<string, string?> { ["OrleansFlows:Telemetry:PrometheusPath"] = "" });
        using var client = host.CreateOperatorClient();

        var response = await client.GetAsync("/metrics");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Theory]
    [InlineData("metrics")]
    [InlineData("/")]
    [InlineData("/metrics?x=1")]
    [InlineData("/my metrics")]
    public void Validator_RefusesAPathThatIsNotOne_NamingTheSetting(string path)
    {
        var result = new TelemetryOptionsValidator().Validate(null, new TelemetryOptions { PrometheusPath = path });

        Assert.True(result.Failed);
        Assert.Contains("OrleansFlows:Telemetry:PrometheusPath", result.FailureMessage, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("/metrics")]
    [InlineData("/internal/prometheus")]
    public void Validator_AcceptsEmptyOrAPath(string path) =>
        Assert.True(new TelemetryOptionsValidator().Validate(null, new TelemetryOptions { PrometheusPath = path }).Succeeded);

    private const string EnrichDefinition = """
        {
          "input": {"type":"object","required":["email"],"properties":{"email":{"type":"string"}}},
          "steps": [
            {"id":"enrich","kind":"http","connection":"enrichment","method":"POST","path":"/enrich","body":{"email":"{{ input.email }}"},
             "timeout":"5s","retry":{"maxAttempts":3,"initialDelay":"100ms","backoffFactor":2,"jitter":0,"retryOn":[503]}},
            {"id":"save","kind":"store"}
          ]
        }
        """;

    private static Regex LeadCounter(string what, string tenantId) => new(
        $$"""^orleansflows_leads_{{what}}_total\{(?=[^}]*tenant="{{Regex.Escape(tenantId)}}")(?=[^}]*workflow="signup")[^}]*\} 1(\s|$)""",
        RegexOptions.Multiline);

    private static async Task RunLeadAsync(WebhookTenant tenant)
    {
        var response = await tenant.SendAsync(Encoding.UTF8.GetBytes("""{"email":"metrics@example.com"}"""));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var leadId = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("leadId").GetString()!;
        await tenant.Client.WaitForStatusAsync(leadId, "completed");
    }

    // The exporter caches a scrape briefly, and a counter is recorded just after the lead's state is stored: read again
    // until the lead shows, and fail with the last scrape.
    [Fact]
    public async Task Metrics_WithoutTheOperatorKey_AreRefused()
    {
        using var data = new TempFolder();
        await using var host = ApiHost.Sqlite(data.Path);
        using var anonymous = host.CreateClient();
        using var tenant = host.CreateClient();
        tenant.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", "ofk_not_an_operator_key");

        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/metrics")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await tenant.GetAsync("/metrics")).StatusCode);
    }

    private static async Task<string> ScrapeUntilAsync(ApiHost host, string path, Func<string, bool> done)
    {
        using var client = host.CreateOperatorClient();
        var deadline = DateTimeOffset.UtcNow.AddSeconds(15);
        var text = "";
        while (DateTimeOffset.UtcNow < deadline)
        {
            var response = await client.GetAsync(path);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            text = await response.Content.ReadAsStringAsync();
            if (done(text))
            {
                return text;
            }

            await Task.Delay(100);
        }

        return text;
    }
}
