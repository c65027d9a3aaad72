using System.Diagnostics;
using System.Globalization;
using OrleansFlows.Bench.Harness;
using OrleansFlows.Contracts.Leads;
using OrleansFlows.TestKit.Hosting;
using OrleansFlows.TestKit.Saas;

namespace OrleansFlows.Bench.Flows;

/// <summary>
/// One round of leads through the product silo: a closed loop of submitters, each submitting a lead through its lead
/// grain (<c>ILeadGrain.SubmitAsync</c>, as the API does) and waiting for that lead's last commit before the next.
/// </summary>
internal sealed class LeadRound(FlowContext context, ProductHost host, TestStore store, IReadOnlyList<BenchTenant> tenants, LeadTracker tracker, StorageMeter storage, EnrichmentServer enrichment, SlackReceiver slack)
{
    private static readonly string[] StepIds = ["enrich", "tier", "save", "tell"];
    private static readonly TimeSpan LeadTimeout = TimeSpan.FromMinutes(3);

    public async Task<LeadsRun> RunAsync(string name, int count, int inFlight)
    {
        tracker.Clear();
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        await Task.Delay(TimeSpan.FromMilliseconds(500));

        var leads = new (BenchTenant Tenant, string Reference, string GrainKey, SubmitLead Submission, TrackedLead Tracked)[count];
        for (var i = 0; i < count; i++)
        {
            var tenant = tenants[i % tenants.Count];
            var reference = $"{name}-{i.ToString("D6", CultureInfo.InvariantCulture)}";
            var (grainKey, submission) = tenant.Lead(reference);
            leads[i] = (tenant, reference, grainKey, submission, tracker.Track(host.Grains.GetGrain<ILeadGrain>(grainKey).GetGrainId(), BenchTenant.StateWritesPerLead));
        }

        var load = SystemLoad.Sample($"leads {store.Kind} {name}");
        var enrichmentBefore = enrichment.Requests.Count;
        var slackBefore = slack.Messages.Count;
        var writesBefore = tracker.LeadWrites;
        var otherWritesBefore = tracker.OtherWrites;
        var walBefore = await WalPositionAsync();
        var storageBefore = storage.Read();
        var logsBefore = host.Logs.Total;
        var utcAnchor = DateTimeOffset.UtcNow;
        var stopwatchAnchor = Stopwatch.GetTimestamp();
        var cpuBefore = context.Cpu();
        var counters = ProcessCounters.Take(0);

        var next = -1;
        var completed = 0;
        var submitErrors = new List<string>();
        var timedOut = 0;
        async Task SubmitterAsync()
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < count)
            {
                var lead = leads[i];
                lead.Tracked.SubmittedAt = Stopwatch.GetTimestamp();
                try
                {
                    await host.Grains.GetGrain<ILeadGrain>(lead.GrainKey).SubmitAsync(lead.Submission);
                    lead.Tracked.AcceptedAt = Stopwatch.GetTimestamp();
                }
                catch (Exception exception)
                {
                    lock (submitErrors)
                    {
                        submitErrors.Add($"{lead.Reference}: {exception.GetType().Name}: {exception.Message}");
                    }

                    continue;
                }

                try
                {
                    await lead.Tracked.Completed.WaitAsync(LeadTimeout);
                    Interlocked.Increment(ref completed);
                }
                catch (TimeoutException)
                {
                    Interlocked.Increment(ref timedOut);
                }
            }
        }

        using var progress = new CancellationTokenSource();
        var reporter = ReportProgressAsync(name, count, () => Volatile.Read(ref completed), progress.Token);
        await Task.WhenAll(Enumerable.Range(0, Math.Min(inFlight, count)).Select(_ => Task.Run(SubmitterAsync)));
        var after = ProcessCounters.Take(0);
        var storageUsed = storage.Read() - storageBefore;
        var cpu = CpuShares.Between(cpuBefore, context.Cpu());
        await progress.CancelAsync();
        await reporter;

        var walAfter = await WalPositionAsync();
        var validation = await ValidateAsync(leads.Select(l => l.GrainKey).ToArray());
        var slackArrivals = SlackArrivals(slack.Messages.Skip(slackBefore), leads.ToDictionary(l => l.Reference, l => l.Tracked), utcAnchor, stopwatchAnchor);

        var done = leads.Where(l => l.Tracked.CompletedAt != 0).Select(l => l.Tracked).ToArray();
        var first = leads.Select(l => l.Tracked.SubmittedAt).Where(t => t != 0).DefaultIfEmpty(0).Min();
        var last = done.Select(l => l.CompletedAt).DefaultIfEmpty(0).Max();
        var seconds = done.Length == 0 ? double.NaN : Stopwatch.GetElapsedTime(first, last).TotalSeconds;
        var latencies = done.Select(l => Stopwatch.GetElapsedTime(l.SubmittedAt, l.CompletedAt).TotalMilliseconds).ToArray();
        var accepts = leads.Where(l => l.Tracked.AcceptedAt != 0).Select(l => Stopwatch.GetElapsedTime(l.Tracked.SubmittedAt, l.Tracked.AcceptedAt).TotalMilliseconds).ToArray();
        var leadWrites = tracker.LeadWrites - writesBefore;
        var window = WindowResult.Between(counters with { Calls = 0 }, after with { Calls = done.Length });
        var run = new LeadsRun(
            name,
            count,
            inFlight,
            done.Length,
            submitErrors.Count,
            timedOut,
            Stats.Round(seconds, 3),
            Stats.Round(done.Length / seconds),
            Percentiles(latencies),
            Percentiles(accepts),
            Percentiles(slackArrivals),
            validation,
            new LeadsRunCosts(
                Stats.Round(leadWrites / (double)Math.Max(1, done.Length), 2),
                Stats.Round(storageUsed.Transactions / (double)Math.Max(1, done.Length), 2),
                Stats.Round(storageUsed.Statements / (double)Math.Max(1, done.Length), 2),
                Stats.Round(storageUsed.StateWrites / (double)Math.Max(1, storageUsed.Transactions), 2),
                storageUsed,
                tracker.OtherWrites - otherWritesBefore,
                walBefore is { } w0 && walAfter is { } w1 ? Stats.Round((w1 - w0) / (double)Math.Max(1, done.Length), 0) : null,
                enrichment.Requests.Count - enrichmentBefore,
                slack.Messages.Count - slackBefore,
                Stats.Round(window.CpuMicrosecondsPerCall / 1000, 3),
                Stats.Round(window.AllocatedBytesPerCall / 1024, 1),
                window.Gen0Collections,
                window.Gen1Collections,
                window.Gen2Collections,
                window.GcPausePercent,
                window.ThreadPoolThreads,
                Stats.Round(GC.GetTotalMemory(false) / 1048576.0),
                host.Logs.Total - logsBefore),
            cpu,
            load,
            submitErrors.Take(5).ToList());
        context.Log.WriteLine(
            $"  {store.Kind} {name}: {run.Completed:N0}/{count:N0} leads in {run.Seconds:N2} s = {run.RunsPerSecond:N0} runs/s; " +
            $"latency p50 {run.Latency.P50:N1} ms, p99 {run.Latency.P99:N1} ms (accept p50 {run.Accept.P50:N1} ms; Slack p50 {run.SlackArrival.P50:N1} ms); " +
            $"{run.Costs.TransactionsPerLead:N2} transactions/lead, {run.Costs.StatementsPerLead:N2} statements/lead ({run.Costs.LeadStateWritesPerLead:N2} lead state writes/lead, {run.Costs.StateWritesPerTransaction:N1} writes/transaction), {run.Costs.WalBytesPerLead?.ToString("N0", CultureInfo.InvariantCulture) ?? "n/a"} WAL B/lead, " +
            $"CPU: machine {cpu.MachineBusyPercent:N0} %, bench {cpu.BenchProcessPercent:N0} %, postgres {cpu.PostgresPercent:N0} %, other {cpu.OtherPercent:N0} %; " +
            $"{(validation.Clean ? "all completed cleanly" : $"NOT CLEAN: {validation.Completed:N0} completed, {validation.Failed} failed, {validation.Retried} retried, {validation.Missing} missing")}" +
            $"{(submitErrors.Count + timedOut > 0 ? $"; {submitErrors.Count} submit errors, {timedOut} timed out" : "")}");
        return run;
    }

    private async Task ReportProgressAsync(string name, int count, Func<int> completed, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            while (true)
            {
                await Task.Delay(TimeSpan.FromSeconds(10), cancellationToken);
                context.Log.WriteLine($"    {store.Kind} {name}: {completed():N0}/{count:N0} completed after {Stopwatch.GetElapsedTime(started).TotalSeconds:N0} s");
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    /// <summary>Reads every lead back: status, attempts per step, and per-step times as the lead recorded them.</summary>
    private async Task<LeadValidation> ValidateAsync(string[] grainKeys)
    {
        var views = new LeadView?[grainKeys.Length];
        var next = -1;
        async Task ReadAsync()
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < grainKeys.Length)
            {
                views[i] = await host.Grains.GetGrain<ILeadGrain>(grainKeys[i]).GetAsync();
            }
        }

        await Task.WhenAll(Enumerable.Range(0, 64).Select(_ => Task.Run(ReadAsync)));
        var present = views.Where(v => v is not null).Select(v => v!).ToArray();
        var steps = StepIds.ToDictionary(
            id => id,
            id => Percentiles(present
                .Select(v => v.Steps.FirstOrDefault(s => s.StepId == id))
                .Where(s => s is { StartedAt: not null, FinishedAt: not null })
                .Select(s => (s!.FinishedAt!.Value - s.StartedAt!.Value).TotalMilliseconds)
                .ToArray()));
        var completed = present.Count(v => v.Status == LeadStatus.Completed);
        var failed = present.Count(v => v.Status == LeadStatus.Failed);
        var retried = present.Count(v => v.Steps.Any(s => s.Attempts > 1));
        return new LeadValidation(
            completed == grainKeys.Length && retried == 0,
            completed,
            failed,
            retried,
            grainKeys.Length - present.Length,
            present.Where(v => v.Status != LeadStatus.Completed).Select(v => $"{v.LeadId}: {v.Status} {v.FailureReason}").Take(5).ToList(),
            steps);
    }

    private async Task<long?> WalPositionAsync()
    {
        if (store.Kind != "postgres")
        {
            return null;
        }

        return Convert.ToInt64(await store.ScalarAsync("SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), '0/0')::bigint"), CultureInfo.InvariantCulture);
    }

    /// <summary>Milliseconds from each lead's submission to the arrival of its Slack message.</summary>
    private static double[] SlackArrivals(IEnumerable<SlackMessage> messages, Dictionary<string, TrackedLead> leads, DateTimeOffset utcAnchor, long stopwatchAnchor)
    {
        var arrivals = new List<double>();
        foreach (var message in messages)
        {
            if (!leads.TryGetValue(BenchTenant.ReferenceOf(message.Text), out var lead) || lead.SubmittedAt == 0)
            {
                continue;
            }

            var submittedMs = Stopwatch.GetElapsedTime(stopwatchAnchor, lead.SubmittedAt).TotalMilliseconds;
            arrivals.Add((message.ReceivedAt - utcAnchor).TotalMilliseconds - submittedMs);
        }

        return arrivals.ToArray();
    }

    public static LatencySummary Percentiles(double[] milliseconds) => new(
        milliseconds.Length,
        Stats.Round(Stats.Percentile(milliseconds, 50), 2),
        Stats.Round(Stats.Percentile(milliseconds, 90), 2),
        Stats.Round(Stats.Percentile(milliseconds, 99), 2),
        Stats.Round(Stats.Percentile(milliseconds, 100), 2));
}

/// <summary>Latency percentiles in milliseconds.</summary>
internal sealed record LatencySummary(int Samples, double P50, double P90, double P99, double Max);

/// <summary>Every lead of a round read back after it.</summary>
internal sealed record LeadValidation(
    bool Clean,
    int Completed,
    int Failed,
    int Retried,
    int Missing,
    IReadOnlyList<string> NotCompleted,
    IReadOnlyDictionary<string, LatencySummary> StepMilliseconds);

/// <summary>
/// What a round cost, per completed lead where that makes sense. Transactions and statements are the row storage's
/// counters (meter <c>OrleansFlows.Storage</c>) over the round: every grain's state writes and their rows, not the
/// <c>store</c> step's own upsert nor reads.
/// </summary>
internal sealed record LeadsRunCosts(
    double LeadStateWritesPerLead,
    double TransactionsPerLead,
    double StatementsPerLead,
    double StateWritesPerTransaction,
    StorageCounts Storage,
    long OtherGrainCommits,
    double? WalBytesPerLead,
    int EnrichmentRequests,
    int SlackMessages,
    double BenchCpuMillisecondsPerLead,
    double AllocatedKiBPerLead,
    int Gen0Collections,
    int Gen1Collections,
    int Gen2Collections,
    double GcPausePercent,
    int ThreadPoolThreads,
    double ManagedHeapMiBAfter,
    int WarningsLogged);

/// <summary>One round of leads.</summary>
internal sealed record LeadsRun(
    string Round,
    int Leads,
    int InFlight,
    int Completed,
    int SubmitErrors,
    int TimedOut,
    double Seconds,
    double RunsPerSecond,
    LatencySummary Latency,
    LatencySummary Accept,
    LatencySummary SlackArrival,
    LeadValidation Validation,
    LeadsRunCosts Costs,
    CpuShares Cpu,
    SystemLoad Load,
    IReadOnlyList<string> FirstSubmitErrors);
