using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OrleansFlows.Bench.Flows;
using OrleansFlows.Bench.Harness;
using OrleansFlows.Contracts.Leads;
using OrleansFlows.Contracts.Tenants;
using OrleansFlows.Grains.Steps;
using OrleansFlows.TestKit.Saas;

namespace OrleansFlows.Bench.Scenarios;

/// <summary>
/// Fairness of the step executor across tenants, on the product silo with the default plan limits and executor
/// options. Tenant A floods: N leads against its own enrichment API, which answers after a delay (200 ms). Tenant B
/// submits single leads, one at a time, on its own fast connection. Measured: B's latency with no load (idle) and
/// while A's backlog is large, and A's throughput alone and with B.
/// </summary>
internal static class FairnessBenchmark
{
    private static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan ProbeSpacing = TimeSpan.FromSeconds(1);

    public static async Task<List<FairnessFigure>> RunAsync(FlowContext context)
    {
        var figures = new List<FairnessFigure>();
        foreach (var kind in await context.StoreKindsAsync())
        {
            figures.Add(await RunAsync(context, kind));
        }

        return figures;
    }

    private static async Task<FairnessFigure> RunAsync(FlowContext context, string kind)
    {
        var settings = context.Settings;
        await using var store = await context.CreateStoreAsync(kind, "bench_fairness");
        await using var slowEnrichment = await EnrichmentServer.StartAsync();
        await using var fastEnrichment = await EnrichmentServer.StartAsync();
        await using var slackA = await SlackReceiver.StartAsync();
        await using var slackB = await SlackReceiver.StartAsync();
        await using var host = await ProductHost.StartAsync(store, new Dictionary<string, string?>());
        var tracker = new LeadTracker();
        using var subscription = tracker.Subscribe(host.Commits);
        var tenantA = await BenchTenant.CreateAsync(host.Grains, "tenant-a", slowEnrichment.BaseAddress, slackA.WebhookUrl("a"), concurrentOutboundCalls: null);
        var tenantB = await BenchTenant.CreateAsync(host.Grains, "tenant-b", fastEnrichment.BaseAddress, slackB.WebhookUrl("b"), concurrentOutboundCalls: null);
        var limitsA = await tenantA.LimitsAsync();
        var limitsB = await tenantB.LimitsAsync();
        var executor = host.Services.GetRequiredService<IOptions<StepExecutorOptions>>().Value;
        var ceiling = limitsA.ConcurrentOutboundCalls / settings.FloodDelay.TotalSeconds;
        context.Log.WriteLine(
            $"Fairness on {kind}: plan limits (default) A {Describe(limitsA)}, B {Describe(limitsB)}; executor MaxConcurrentSteps {executor.MaxConcurrentSteps}, " +
            $"DefaultTenantConcurrency {executor.DefaultTenantConcurrency}; A's enrichment answers after {settings.FloodDelay.TotalMilliseconds:N0} ms " +
            $"(ceiling {limitsA.ConcurrentOutboundCalls} / {settings.FloodDelay.TotalSeconds:0.###} s = {ceiling:N0} leads/s)");

        var flood = new Flood(context, host, tenantA, tracker, slowEnrichment, slackA);
        var probe = new Probe(context, host, tenantB, tracker, flood);

        // Warm-up: both tenants' first leads (grain activations, connections, the executor's first read of each plan).
        slowEnrichment.Delay(settings.FloodDelay);
        await flood.RunAsync("aw", 20, duringBacklog: null);
        for (var i = 0; i < 3; i++)
        {
            await probe.RunAsync($"bw{i}");
        }

        var idle = new List<ProbeSample>();
        for (var i = 0; i < settings.ProbeLeads; i++)
        {
            idle.Add(await probe.RunAsync($"bi{i}"));
            await Task.Delay(TimeSpan.FromMilliseconds(200));
        }

        var idleMedian = Stats.Median(idle.Select(p => p.LatencyMs).ToArray());
        context.Log.WriteLine($"  B idle: median {idleMedian:N1} ms over {idle.Count} leads ({string.Join(", ", idle.Select(p => p.LatencyMs.ToString("N1", CultureInfo.InvariantCulture)))} ms)");

        var solo = await flood.RunAsync("a1", settings.FloodLeads, duringBacklog: null);
        var loaded = new List<ProbeSample>();
        var withB = await flood.RunAsync("a2", settings.FloodLeads, async () =>
        {
            for (var i = 0; i < settings.ProbeLeads; i++)
            {
                await Task.Delay(ProbeSpacing);
                loaded.Add(await probe.RunAsync($"bl{i}"));
            }
        });

        var loadedMedian = Stats.Median(loaded.Select(p => p.LatencyMs).ToArray());
        var loadedMax = loaded.Count == 0 ? double.NaN : loaded.Max(p => p.LatencyMs);
        context.Log.WriteLine(
            $"  B during A's backlog: median {loadedMedian:N1} ms, max {loadedMax:N1} ms = {loadedMedian / idleMedian:N2}× / {loadedMax / idleMedian:N2}× idle " +
            $"(backlog at submit {string.Join(", ", loaded.Select(p => p.FloodBacklog.ToString("N0", CultureInfo.InvariantCulture)))}); " +
            $"A alone {solo.LeadsPerSecond:N1} leads/s, with B {withB.LeadsPerSecond:N1} leads/s");
        return new FairnessFigure(
            kind,
            limitsA,
            limitsB,
            executor.MaxConcurrentSteps,
            executor.DefaultTenantConcurrency,
            settings.FloodDelay.TotalMilliseconds,
            settings.FloodLeads,
            settings.SubmitConcurrency,
            Stats.Round(ceiling, 1),
            Stats.Round(idleMedian, 2),
            Stats.Round(loadedMedian, 2),
            Stats.Round(loadedMax, 2),
            Stats.Round(loadedMedian / idleMedian, 2),
            Stats.Round(loadedMax / idleMedian, 2),
            loaded.Count > 0 && loadedMax <= 2 * idleMedian,
            solo,
            withB,
            Stats.Round(withB.LeadsPerSecond / solo.LeadsPerSecond, 3),
            idle,
            loaded,
            host.Logs.Snapshot());
    }

    private static string Describe(PlanLimits limits) =>
        $"(leadsPerDay {limits.LeadsPerDay:N0}, concurrentOutboundCalls {limits.ConcurrentOutboundCalls}, ingestPerMinute {limits.IngestPerMinute:N0})";

    /// <summary>Tenant A's flood: N leads submitted with bounded outstanding submissions, then waited for.</summary>
    private sealed class Flood(FlowContext context, ProductHost host, BenchTenant tenant, LeadTracker tracker, EnrichmentServer enrichment, SlackReceiver slack)
    {
        private int _submitted;
        private int _slackBefore;

        /// <summary>A's leads submitted and not yet notified in the current flood.</summary>
        public int Backlog => Volatile.Read(ref _submitted) - (slack.Messages.Count - _slackBefore);

        public async Task<FloodResult> RunAsync(string name, int count, Func<Task>? duringBacklog)
        {
            var settings = context.Settings;
            var leads = new (string GrainKey, SubmitLead Submission, TrackedLead Tracked)[count];
            for (var i = 0; i < count; i++)
            {
                var (grainKey, submission) = tenant.Lead($"{name}-{i.ToString("D6", CultureInfo.InvariantCulture)}");
                leads[i] = (grainKey, submission, tracker.Track(host.Grains.GetGrain<ILeadGrain>(grainKey).GetGrainId(), BenchTenant.StateWritesPerLead));
            }

            var load = SystemLoad.Sample($"fairness {name}");
            _slackBefore = slack.Messages.Count;
            Volatile.Write(ref _submitted, 0);
            var enrichmentBefore = enrichment.Requests.Count;
            var cpuBefore = context.Cpu();
            var started = Stopwatch.GetTimestamp();
            var next = -1;
            var errors = 0;
            async Task SubmitAsync()
            {
                int i;
                while ((i = Interlocked.Increment(ref next)) < count)
                {
                    leads[i].Tracked.SubmittedAt = Stopwatch.GetTimestamp();
                    try
                    {
                        await host.Grains.GetGrain<ILeadGrain>(leads[i].GrainKey).SubmitAsync(leads[i].Submission);
                        leads[i].Tracked.AcceptedAt = Stopwatch.GetTimestamp();
                        Interlocked.Increment(ref _submitted);
                    }
                    catch (Exception)
                    {
                        Interlocked.Increment(ref errors);
                    }
                }
            }

            await Task.WhenAll(Enumerable.Range(0, Math.Min(settings.SubmitConcurrency, count)).Select(_ => Task.Run(SubmitAsync)));
            var submitSeconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
            context.Log.WriteLine($"    {name}: {count - errors:N0} leads submitted in {submitSeconds:N1} s ({errors} errors); backlog {Backlog:N0}");
            if (duringBacklog is not null)
            {
                await duringBacklog();
            }

            // Each lead is notified before its last commit; wait for every notification, then for every lead's status.
            var expected = TimeSpan.FromSeconds(count * settings.FloodDelay.TotalSeconds / 8);
            var timeout = TimeSpan.FromSeconds(Math.Max(120, 4 * expected.TotalSeconds));
            var completedAll = true;
            try
            {
                await WaitForSlackAsync(name, count - errors, timeout);
            }
            catch (TimeoutException exception)
            {
                completedAll = false;
                context.Log.WriteLine($"    {name}: {exception.Message[..Math.Min(200, exception.Message.Length)]}");
            }

            var statuses = await WaitForStatusAsync(leads.Select(l => l.GrainKey).ToArray(), TimeSpan.FromSeconds(30));
            var cpu = CpuShares.Between(cpuBefore, context.Cpu());
            var done = leads.Where(l => l.Tracked.LastWriteAt != 0 && l.Tracked.AcceptedAt != 0).Select(l => l.Tracked).ToArray();
            var last = done.Select(l => l.LastWriteAt).DefaultIfEmpty(started).Max();
            var seconds = Stopwatch.GetElapsedTime(started, last).TotalSeconds;
            var result = new FloodResult(
                name,
                count,
                errors,
                statuses.Completed,
                completedAll && statuses.Completed == count,
                Stats.Round(submitSeconds, 2),
                Stats.Round(seconds, 2),
                Stats.Round(statuses.Completed / seconds, 1),
                LeadRound.Percentiles(done.Select(l => Stopwatch.GetElapsedTime(l.SubmittedAt, l.LastWriteAt).TotalMilliseconds).ToArray()),
                enrichment.Requests.Count - enrichmentBefore,
                leads.Sum(l => (long)l.Tracked.Writes) - ((long)BenchTenant.StateWritesPerLead * count),
                cpu,
                load);
            context.Log.WriteLine(
                $"    {name}: {result.Completed:N0}/{count:N0} completed in {result.Seconds:N1} s = {result.LeadsPerSecond:N1} leads/s; " +
                $"latency p50 {result.Latency.P50 / 1000:N1} s, max {result.Latency.Max / 1000:N1} s; {result.EnrichmentRequests:N0} enrichment calls, " +
                $"{result.ExtraCommits:N0} lead state writes beyond {BenchTenant.StateWritesPerLead} per lead; CPU machine {cpu.MachineBusyPercent:N0} %, bench {cpu.BenchProcessPercent:N0} %");
            return result;
        }

        private async Task WaitForSlackAsync(string name, int count, TimeSpan timeout)
        {
            var wait = slack.WaitForMessagesAsync(_slackBefore + count, timeout);
            var started = Stopwatch.GetTimestamp();
            while (await Task.WhenAny(wait, Task.Delay(TimeSpan.FromSeconds(20))) != wait)
            {
                context.Log.WriteLine($"    {name}: {slack.Messages.Count - _slackBefore:N0}/{count:N0} notified after {Stopwatch.GetElapsedTime(started).TotalSeconds:N0} s");
            }

            await wait;
        }

        private async Task<(int Completed, int Other)> WaitForStatusAsync(string[] grainKeys, TimeSpan timeout)
        {
            var deadline = Stopwatch.GetTimestamp() + (long)(timeout.TotalSeconds * Stopwatch.Frequency);
            while (true)
            {
                var statuses = new LeadStatus?[grainKeys.Length];
                var next = -1;
                async Task ReadAsync()
                {
                    int i;
                    while ((i = Interlocked.Increment(ref next)) < grainKeys.Length)
                    {
                        statuses[i] = (await host.Grains.GetGrain<ILeadGrain>(grainKeys[i]).GetAsync())?.Status;
                    }
                }

                await Task.WhenAll(Enumerable.Range(0, 64).Select(_ => Task.Run(ReadAsync)));
                var completed = statuses.Count(s => s == LeadStatus.Completed);
                if (completed == grainKeys.Length || Stopwatch.GetTimestamp() > deadline)
                {
                    return (completed, grainKeys.Length - completed);
                }

                await Task.Delay(TimeSpan.FromMilliseconds(200));
            }
        }
    }

    /// <summary>Tenant B's single lead: submitted, then waited for (its last commit).</summary>
    private sealed class Probe(FlowContext context, ProductHost host, BenchTenant tenant, LeadTracker tracker, Flood flood)
    {
        public async Task<ProbeSample> RunAsync(string name)
        {
            var (grainKey, submission) = tenant.Lead(name);
            var tracked = tracker.Track(host.Grains.GetGrain<ILeadGrain>(grainKey).GetGrainId(), BenchTenant.StateWritesPerLead);
            var backlog = flood.Backlog;
            var grain = host.Grains.GetGrain<ILeadGrain>(grainKey);
            tracked.SubmittedAt = Stopwatch.GetTimestamp();
            await grain.SubmitAsync(submission);
            tracked.AcceptedAt = Stopwatch.GetTimestamp();
            var completed = true;
            try
            {
                await tracked.Completed.WaitAsync(ProbeTimeout);
            }
            catch (TimeoutException)
            {
                completed = false;
            }

            var view = await grain.GetAsync();
            double? StepMs(string id) => view?.Steps.FirstOrDefault(s => s.StepId == id) is { StartedAt: { } start, FinishedAt: { } end } ? Stats.Round((end - start).TotalMilliseconds, 2) : null;
            var sample = new ProbeSample(
                name,
                backlog,
                completed && view?.Status == LeadStatus.Completed,
                completed ? Stats.Round(Stopwatch.GetElapsedTime(tracked.SubmittedAt, tracked.CompletedAt).TotalMilliseconds, 2) : double.NaN,
                Stats.Round(Stopwatch.GetElapsedTime(tracked.SubmittedAt, tracked.AcceptedAt).TotalMilliseconds, 2),
                StepMs("enrich"),
                StepMs("tier"),
                StepMs("save"),
                StepMs("tell"));
            if (!sample.Completed)
            {
                context.Log.WriteLine($"    B lead {name} did not complete within {ProbeTimeout.TotalSeconds:N0} s (status {view?.Status})");
            }

            return sample;
        }
    }
}

/// <summary>Tenant A's flood.</summary>
internal sealed record FloodResult(
    string Name,
    int Leads,
    int SubmitErrors,
    int Completed,
    bool AllCompleted,
    double SubmitSeconds,
    double Seconds,
    double LeadsPerSecond,
    LatencySummary Latency,
    int EnrichmentRequests,
    long ExtraCommits,
    CpuShares Cpu,
    SystemLoad Load);

/// <summary>One of tenant B's leads: A's backlog when it was submitted, and its latency from submission to last commit.</summary>
internal sealed record ProbeSample(
    string Name,
    int FloodBacklog,
    bool Completed,
    double LatencyMs,
    double AcceptMs,
    double? EnrichStepMs,
    double? TransformStepMs,
    double? StoreStepMs,
    double? NotifyStepMs);

/// <summary>The fairness figure on one store.</summary>
internal sealed record FairnessFigure(
    string Store,
    PlanLimits PlanLimitsA,
    PlanLimits PlanLimitsB,
    int MaxConcurrentSteps,
    int DefaultTenantConcurrency,
    double FloodDelayMs,
    int FloodLeads,
    int SubmitConcurrency,
    double FloodCeilingLeadsPerSecond,
    double ProbeIdleMedianMs,
    double ProbeLoadedMedianMs,
    double ProbeLoadedMaxMs,
    double LoadedToIdleMedian,
    double LoadedToIdleWorst,
    bool GoalMet,
    FloodResult FloodAlone,
    FloodResult FloodWithProbes,
    double FloodThroughputRatio,
    IReadOnlyList<ProbeSample> IdleProbes,
    IReadOnlyList<ProbeSample> LoadedProbes,
    IReadOnlyList<LoggedEvent> Logged);
