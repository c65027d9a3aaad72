using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using OrleansFlows.Api.Tests.Support;
using OrleansFlows.TestKit.Saas;

namespace OrleansFlows.Api.Tests.Hosting;

/// <summary>
/// Metrics of work that runs later, on the real API host on SQLite: reconciliation runs (counted by outcome and
/// trigger, timed, with the tenant label as configured) and the wake lag of leads a sweeper woke.
/// </summary>
public sealed class RunMetricsTests
{
    [Fact]
    public async Task Metrics_AfterAManualReconciliationRun_CountItByTenantOutcomeAndTriggerAndTimeIt()
    {
        using var data = new TempFolder();
        await using var receiver = await ReconciliationReceiver.StartAsync();
        await using var host = ApiHost.Sqlite(data.Path, settings: OutboundAllowed);
        var tenantId = await RunReconciliationAsync(host, receiver);

        var text = await ScrapeUntilAsync(host, t => t.Contains($"tenant=\"{tenantId}\"", StringComparison.Ordinal) && t.Contains("orleansflows_reconciliation_runs_total", StringComparison.Ordinal));

        Assert.Matches(new Regex($$"""^orleansflows_reconciliation_runs_total\{(?=[^}]*tenant="{{tenantId}}")(?=[^}]*outcome="completed")(?=[^}]*trigger="manual")[^}]*\} 1(\s|$)""", RegexOptions.Multiline), text);
        Assert.Matches(new Regex($$"""^orleansflows_reconciliation_run_duration_seconds_count\{(?=[^}]*tenant="{{tenantId}}")(?=[^}]*outcome="completed")[^}]*\} 1(\s|$)""", RegexOptions.Multiline), text);
        Assert.DoesNotMatch(new Regex($$"""^orleansflows_reconciliation_runs_total\{(?=[^}]*tenant="{{tenantId}}")(?=[^}]*outcome="failed")""", RegexOptions.Multiline), text);
    }

    [Fact]
    public async Task Metrics_WithTenantLabelsOff_CountReconciliationRunsWithoutTheTenant()
    {
        using var data = new TempFolder();
        await using var receiver = await ReconciliationReceiver.StartAsync();
        await using var host = ApiHost.Sqlite(data.Path, settings: new Dictionary<string, string?>(OutboundAllowed) { ["OrleansFlows:Telemetry:TenantLabels"] = "false" });
        await RunReconciliationAsync(host, receiver);

        var text = await ScrapeUntilAsync(host, t => t.Contains("orleansflows_reconciliation_runs_total", StringComparison.Ordinal));

        Assert.Matches(new Regex("""^orleansflows_reconciliation_runs_total\{(?=[^}]*outcome="completed")(?=[^}]*trigger="manual")[^}]*\} [1-9]""", RegexOptions.Multiline), text);
        Assert.DoesNotMatch(new Regex("""^orleansflows_reconciliation_[a-z_]+\{[^}]*tenant=""", RegexOptions.Multiline), text);
    }

    [Fact]
    public async Task Metrics_AfterASweeperWokeALead_RecordItsWakeLagAsWokenBySweeper()
    {
        using var data = new TempFolder();
        // The wait is past the timer horizon, so no grain timer is armed for it: only a sweeper can wake the lead.
        await using var host = ApiHost.Sqlite(data.Path, settings: new Dictionary<string, string?>
        {
            ["OrleansFlows:Leads:TimerHorizon"] = "00:00:00.100",
            ["OrleansFlows:Leads:SweepInterval"] = "00:00:00.200",
        });
        var access = await host.CreateTenantAsync($"wake-{Guid.NewGuid().ToString("N")[..8]}");
        using var client = host.CreateTenantClient(access.ApiKey);
        var publish = await client.PutAsync("/v1/workflows/later", new StringContent(WaitThenStore, Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.OK, publish.StatusCode);

        var response = await client.PostAsync("/v1/workflows/later/leads", new StringContent("""{"email":"wake@example.com"}""", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var leadId = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("leadId").GetString()!;
        await client.WaitForStatusAsync(leadId, "completed");

        var text = await ScrapeUntilAsync(host, t => t.Contains("woken_by=\"sweeper\"", StringComparison.Ordinal));

        var count = new Regex("""^orleansflows_leads_wake_lag_seconds_count\{[^}]*woken_by="sweeper"[^}]*\} (\d+)""", RegexOptions.Multiline).Match(text);
        Assert.True(count.Success, $"No sweeper wake lag in:\n{text}");
        Assert.True(int.Parse(count.Groups[1].Value, CultureInfo.InvariantCulture) >= 1);
    }

    [Fact]
    public async Task Metrics_AfterALeadRan_IncludeOrleansActivationsAndMessages()
    {
        using var data = new TempFolder();
        await using var host = ApiHost.Sqlite(data.Path);
        using var tenant = await WebhookTenant.CreateAsync(host, "orleans-metrics");
        var response = await tenant.SendAsync(Encoding.UTF8.GetBytes("""{"email":"orleans@example.com"}"""));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);

        // The names docs/telemetry.md lists for Orleans' own meter, as Prometheus shows them. Series fill in
        // while the lead runs, so the scrape waits until every one has a value.
        Regex[] expected =
        [
            new("""^orleans_catalog_activations\{[^}]*grain_type="lead"[^}]*\} [1-9]""", RegexOptions.Multiline),
            new("""^orleans_grains\{[^}]*grain_type="lead"[^}]*\} [1-9]""", RegexOptions.Multiline),
            new("""^orleans_catalog_activation_created_total(\{[^}]*\})? [1-9]""", RegexOptions.Multiline),
            new("""^orleans_messaging_processing_dispatcher_received_total\{[^}]*\} [1-9]""", RegexOptions.Multiline),
            new("""^orleans_messaging_sent_local_total(\{[^}]*\})? [1-9]""", RegexOptions.Multiline),
            new("""^orleans_app_requests_latency_milliseconds_count(\{[^}]*\})? [1-9]""", RegexOptions.Multiline),
            new("""^orleans_storage_write_latency_milliseconds_count(\{[^}]*\})? [1-9]""", RegexOptions.Multiline),
        ];
        var text = await ScrapeUntilAsync(host, t => expected.All(pattern => pattern.IsMatch(t)));

        Assert.All(expected, pattern => Assert.Matches(pattern, text));
    }

    private static readonly Dictionary<string, string?> OutboundAllowed = new()
    {
        ["OrleansFlows:Outbound:AllowPrivateNetworks"] = "true",
        ["OrleansFlows:Reconciliation:ChunkTimeout"] = "00:00:02",
        ["OrleansFlows:Reconciliation:ChunkRetryDelay"] = "00:00:00.050",
    };

    private const string WaitThenStore = """
        {
          "input": {"type":"object","required":["email"],"properties":{"email":{"type":"string"}}},
          "steps": [
            {"id":"cool","kind":"wait","duration":"1s"},
            {"id":"save","kind":"store"}
          ]
        }
        """;

    /// <summary>Creates a tenant with a schedule, runs today's reconciliation by hand to its end, and returns the tenant id.</summary>
    private static async Task<string> RunReconciliationAsync(ApiHost host, ReconciliationReceiver receiver)
    {
        var tenant = await host.CreateTenantAsync("rm-" + Guid.NewGuid().ToString("N")[..10]);
        using var client = host.CreateTenantClient(tenant.ApiKey);
        Assert.Equal(HttpStatusCode.OK, (await client.PutAsJsonAsync("/v1/connections/bulk", new { kind = "http", baseUrl = receiver.BaseAddress.ToString() })).StatusCode);
        var schedule = await client.PutAsJsonAsync("/v1/reconciliation/schedule", new { dailyAt = "23:59", timeZone = "UTC", connection = "bulk", path = "/bulk", lookBackDays = 1 });
        Assert.True(schedule.StatusCode == HttpStatusCode.OK, await schedule.Content.ReadAsStringAsync());
        var date = DateTime.UtcNow.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var started = await client.PostAsJsonAsync("/v1/reconciliation/runs", new { businessDate = date });
        Assert.True(started.StatusCode == HttpStatusCode.Accepted, await started.Content.ReadAsStringAsync());

        var deadline = DateTimeOffset.UtcNow + TimeSpan.FromSeconds(30);
        var last = "";
        while (DateTimeOffset.UtcNow < deadline)
        {
            last = await client.GetStringAsync($"/v1/reconciliation/runs/{date}.1");
            if (JsonDocument.Parse(last).RootElement.GetProperty("status").GetString() == "completed")
            {
                return tenant.TenantId;
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"Run {date}.1 did not complete: {last}");
    }

    private static async Task<string> ScrapeUntilAsync(ApiHost host, Func<string, bool> done)
    {
        using var client = host.CreateOperatorClient();
        var deadline = DateTimeOffset.UtcNow.AddSeconds(15);
        var text = "";
        while (DateTimeOffset.UtcNow < deadline)
        {
            text = await client.GetStringAsync("/metrics");
            if (done(text))
            {
                return text;
            }

            await Task.Delay(100);
        }

        return text;
    }
}
