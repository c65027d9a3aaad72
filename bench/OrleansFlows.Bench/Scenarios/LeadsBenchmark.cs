using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OrleansFlows.Bench.Flows;
using OrleansFlows.Bench.Harness;
using OrleansFlows.Contracts.Tenants;
using OrleansFlows.Grains.Steps;
using OrleansFlows.TestKit.Hosting;
using OrleansFlows.TestKit.Saas;

namespace OrleansFlows.Bench.Scenarios;

/// <summary>
/// End-to-end lead-to-customer runs per second on the product silo: 4 steps (http enrich → transform → store →
/// notify) against a local enrichment API and Slack receiver that answer at once. Per store: a warm-up round, then
/// measured rounds of N leads with a bounded number in flight, then leads one at a time for the unloaded latency.
/// </summary>
internal static class LeadsBenchmark
{
    public static async Task<List<LeadsFigure>> RunAsync(FlowContext context)
    {
        var figures = new List<LeadsFigure>();
        foreach (var kind in await context.StoreKindsAsync())
        {
            figures.Add(await RunAsync(context, kind));
        }

        return figures;
    }

    private static async Task<LeadsFigure> RunAsync(FlowContext context, string kind)
    {
        var settings = context.Settings;
        await using var store = await context.CreateStoreAsync(kind, "bench_leads");
        await using var enrichment = await EnrichmentServer.StartAsync();
        await using var slack = await SlackReceiver.StartAsync();
        var configuration = new Dictionary<string, string?>();
        if (settings.MaxConcurrentSteps is { } maxSteps)
        {
            configuration[$"{StepExecutorOptions.Section}:{nameof(StepExecutorOptions.MaxConcurrentSteps)}"] = maxSteps.ToString(CultureInfo.InvariantCulture);
        }

        if (settings.TenantConcurrency is { } tenantConcurrency)
        {
            // The plan's concurrentOutboundCalls is set too (below); this default covers a build that reads only the option.
            configuration[$"{StepExecutorOptions.Section}:{nameof(StepExecutorOptions.DefaultTenantConcurrency)}"] = tenantConcurrency.ToString(CultureInfo.InvariantCulture);
        }

        if (kind == "postgres" && settings.PostgresAutoPrepare is { } autoPrepare)
        {
            const string Key = "OrleansFlows:Storage:PostgresConnectionString";
            configuration[Key] = store.StorageSettings[Key] + $";Max Auto Prepare={autoPrepare.ToString(CultureInfo.InvariantCulture)};Auto Prepare Min Usages=2";
        }

        using var storage = new StorageMeter();
        await using var host = await ProductHost.StartAsync(store, configuration);
        var tracker = new LeadTracker();
        using var subscription = tracker.Subscribe(host.Commits);
        var tenants = new List<BenchTenant>();
        for (var t = 0; t < settings.Tenants; t++)
        {
            tenants.Add(await BenchTenant.CreateAsync(host.Grains, $"bench-{t.ToString(CultureInfo.InvariantCulture)}", enrichment.BaseAddress, slack.WebhookUrl($"t{t}"), settings.TenantConcurrency));
        }

        var limits = await tenants[0].LimitsAsync();
        var executor = host.Services.GetRequiredService<IOptions<StepExecutorOptions>>().Value;
        context.Log.WriteLine(
            $"Leads on {kind}: {settings.Tenants} tenant(s), plan concurrentOutboundCalls {limits.ConcurrentOutboundCalls}, " +
            $"MaxConcurrentSteps {executor.MaxConcurrentSteps}, {settings.InFlight} leads in flight, {settings.LeadCount:N0} leads × {settings.Runs} runs");

        var round = new LeadRound(context, host, store, tenants, tracker, storage, enrichment, slack);
        var warmup = await round.RunAsync("w", settings.WarmupLeads, settings.InFlight);
        var runs = new List<LeadsRun>();
        for (var r = 1; r <= settings.Runs; r++)
        {
            runs.Add(await round.RunAsync($"r{r.ToString(CultureInfo.InvariantCulture)}", settings.LeadCount, settings.InFlight));
        }

        var serial = await round.RunAsync("s", settings.SerialLeads, 1);
        var stored = await StoredPerLeadAsync(store);
        return new LeadsFigure(
            kind,
            settings.Tenants,
            limits,
            executor.MaxConcurrentSteps,
            executor.DefaultTenantConcurrency,
            settings.InFlight,
            settings.LeadCount,
            Stats.Median(runs.Select(r => r.RunsPerSecond).ToArray()),
            runs.Min(r => r.RunsPerSecond),
            runs.Max(r => r.RunsPerSecond),
            Stats.Median(runs.Select(r => r.Latency.P50).ToArray()),
            Stats.Median(runs.Select(r => r.Latency.P99).ToArray()),
            Stats.Median(runs.Select(r => r.SlackArrival.P50).ToArray()),
            Stats.Median(runs.Select(r => r.SlackArrival.P99).ToArray()),
            Stats.Median(runs.Select(r => r.Costs.TransactionsPerLead).ToArray()),
            Stats.Median(runs.Select(r => r.Costs.StatementsPerLead).ToArray()),
            serial.Latency,
            serial.Validation.StepMilliseconds,
            stored,
            runs.All(r => r.Validation.Clean && r.Completed == r.Leads) && serial.Validation.Clean && warmup.Validation.Clean,
            host.Configuration
                .Where(c => !c.Key.StartsWith("OrleansFlows:DataDirectory", StringComparison.Ordinal))
                .ToDictionary(c => c.Key, c => c.Key.EndsWith("ConnectionString", StringComparison.Ordinal) ? "(set; see the settings)" : c.Value),
            warmup,
            runs,
            serial,
            host.Logs.Snapshot());
    }

    /// <summary>What each lead left in the store: its state's size, and its rows in the lead tables.</summary>
    private static async Task<StoredPerLead> StoredPerLeadAsync(TestStore store)
    {
        async Task<double> Scalar(string sql) => Convert.ToDouble(await store.ScalarAsync(sql), CultureInfo.InvariantCulture);
        var text = store.Kind == "postgres" ? "state_json::text" : "state_json";
        var leads = await Scalar("SELECT COUNT(*) FROM leads");
        return new StoredPerLead(
            (long)leads,
            Stats.Round(await Scalar($"SELECT AVG(LENGTH({text})) FROM grain_state WHERE grain_id LIKE 'lead/%'"), 0),
            Stats.Round(await Scalar("SELECT COUNT(*) FROM audit_events") / leads, 2),
            Stats.Round(await Scalar("SELECT COUNT(*) FROM step_attempts") / leads, 2));
    }
}

/// <summary>Rows and state per lead, read from the store after the runs.</summary>
internal sealed record StoredPerLead(long Leads, double StateJsonCharacters, double AuditRows, double StepAttemptRows);

/// <summary>The lead-to-customer figure on one store: medians over the measured runs.</summary>
internal sealed record LeadsFigure(
    string Store,
    int Tenants,
    PlanLimits PlanLimits,
    int MaxConcurrentSteps,
    int DefaultTenantConcurrency,
    int InFlight,
    int LeadsPerRun,
    double MedianRunsPerSecond,
    double MinRunsPerSecond,
    double MaxRunsPerSecond,
    double MedianP50Ms,
    double MedianP99Ms,
    double MedianSlackP50Ms,
    double MedianSlackP99Ms,
    double MedianTransactionsPerLead,
    double MedianStatementsPerLead,
    LatencySummary SerialLatency,
    IReadOnlyDictionary<string, LatencySummary> SerialStepMilliseconds,
    StoredPerLead Stored,
    bool AllClean,
    IReadOnlyDictionary<string, string?> SiloSettings,
    LeadsRun Warmup,
    IReadOnlyList<LeadsRun> Runs,
    LeadsRun Serial,
    IReadOnlyList<LoggedEvent> Logged);
