using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using OrleansFlows.Silo.Hosting;
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
        using var client = host.CreateClient();

        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/metrics")).StatusCode);
        var moved = await client.GetAsync("/internal/prometheus");
        Assert.Equal(HttpStatusCode.OK, moved.StatusCode);
    }

    [Fact]
    public async Task Metrics_WithAnEmptyPath_AreNotServed()
    {
        using var data = new TempFolder();
        await using var host = ApiHost.Sqlite(data.Path, settings: new Dictionary<string, string?> { ["OrleansFlows:Telemetry:PrometheusPath"] = "" });
        using var client = host.CreateClient();

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
    private static async Task<string> ScrapeUntilAsync(ApiHost host, string path, Func<string, bool> done)
    {
        using var client = host.CreateClient();
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
