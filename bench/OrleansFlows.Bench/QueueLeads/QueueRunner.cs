using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using OrleansFlows.Bench.ApiLeads;
using OrleansFlows.Bench.Flows;
using OrleansFlows.Bench.Harness;

namespace OrleansFlows.Bench.QueueLeads;

/// <summary>
/// Runs one queue load against one product process: a fresh durable queue, the tenant's lead-to-customer workflow
/// published again with a queue trigger on that queue (the consumer follows the workflow's latest version, so each run
/// gets a new consumer with its counters at 0), and around it the same measurements as <c>api-leads</c>: the
/// database's counters and the stand-ins' counts before and after, and every process's CPU, the broker's included,
/// over the measured window (pre-filled: from just before the trigger is published; steady: from the first publish;
/// both to the last Slack arrival).
/// </summary>
internal sealed class QueueRunner(ProductProcess product, StandInsProcess standIns, BenchBroker broker, BenchProcesses processes, PostgresCounters? postgres, ApiTenant tenant, string connection, TimeSpan completionTimeout)
{
    // Backends report their transaction counts to pg_stat_database at most once a second.
    private static readonly TimeSpan StatisticsFlush = TimeSpan.FromSeconds(1.5);

    private static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(60);

    /// <param name="store">The product's store, for the record.</param>
    /// <param name="phase"><c>warmup</c>, or the loop's name.</param>
    /// <param name="loop"><see cref="QueueLeadsSettings.Prefilled"/> or <see cref="QueueLeadsSettings.Steady"/>.</param>
    /// <param name="prefetch">The trigger's prefetch.</param>
    /// <param name="messages">The messages of the run.</param>
    /// <param name="rate">The steady loop's messages a second (ignored when pre-filled).</param>
    /// <param name="prefix">Starts every message's ref (its message-id) and names the queue; unique per run.</param>
    public async Task<QueueLeadsRun> RunAsync(string store, string phase, string loop, int prefetch, int messages, double rate, string prefix)
    {
        var steady = loop == QueueLeadsSettings.Steady;
        var queue = $"bench-{prefix}";
        await broker.DeclareQueueAsync(queue);
        var leads = Enumerable.Range(0, messages).Select(i => new LoadLead(tenant, $"{prefix}-{i:D6}")).ToArray();
        double? fillSeconds = steady ? null : await broker.FillAsync(queue, leads);

        using var control = new HttpClient { BaseAddress = standIns.Control, Timeout = TimeSpan.FromSeconds(30) };
        using var probe = new TriggerProbe(product.BaseAddress, tenant, BenchTenant.Workflow);
        var countsBefore = await CountsAsync(control);
        var databaseBefore = postgres is null ? null : await postgres.TakeAsync();
        var warningsBefore = (product.Process.Warnings, product.Process.Errors);
        var loadAtStart = SystemLoad.Sample("start");
        await using var watcher = await CompletionWatcher.StartAsync(standIns.Control, leads.ToDictionary(l => l.Reference));
        var timeout = completionTimeout + (steady ? TimeSpan.FromSeconds(messages / rate) : TimeSpan.Zero);

        ProcessCpuSnapshot cpuBefore;
        bool peakReset;
        long? writtenBefore;
        long startTicks;
        Task<TriggerSample> acking;
        if (!steady)
        {
            (cpuBefore, peakReset, writtenBefore) = StartWindow();
            await PutTriggerAsync(queue, prefetch);
            var consuming = await probe.WaitAsync(s => s.Queue == queue && s.LastConnectedAt is not null, ConnectTimeout);
            startTicks = consuming.Queue == queue && consuming.LastConnectedAt is { } connected
                ? connected.UtcTicks
                : throw new InvalidOperationException($"The trigger did not start consuming {queue} within {ConnectTimeout}: {consuming}");
            acking = probe.WaitAsync(s => s.Acked >= messages, timeout);
        }
        else
        {
            await PutTriggerAsync(queue, prefetch);
            var consuming = await probe.WaitAsync(s => s.Queue == queue && s.State == "connected", ConnectTimeout);
            if (consuming.State != "connected")
            {
                throw new InvalidOperationException($"The trigger did not start consuming {queue} within {ConnectTimeout}: {consuming}");
            }

            probe.Samples.Clear();
            (cpuBefore, peakReset, writtenBefore) = StartWindow();
            acking = probe.WaitAsync(s => s.Acked >= messages, timeout);
            await broker.PublishAtRateAsync(queue, leads, rate);
            startTicks = leads[0].IntendedTicks;
        }

        try
        {
            await Task.WhenAll(leads.Select(l => l.Completion.Task)).WaitAsync(timeout);
        }
        catch (TimeoutException)
        {
            // Counted as not completed.
        }

        var cpuAfter = ProcessCpuSnapshot.Take(processes, null);
        var memory = ProcStat.Memory(processes.ProductPid);
        var writtenAfter = ProcStat.WriteBytes(processes.ProductPid);
        var loadAtEnd = SystemLoad.Sample("end");
        await acking;
        await Task.Delay(StatisticsFlush);
        var databaseAfter = postgres is null ? null : await postgres.TakeAsync();
        var countsAfter = await CountsAsync(control);
        var left = await broker.MessageCountAsync(queue);

        var load = QueueLoad.From(loop, queue, prefetch, steady ? rate : null, fillSeconds, leads, startTicks, probe.Samples, left, watcher);
        var completed = load.Completed;
        var enrichment = countsAfter.EnrichmentCalls - countsBefore.EnrichmentCalls;
        var standInFigures = new StandInFigures(enrichment, countsAfter.SlackMessages - countsBefore.SlackMessages, countsAfter.SlackRefused - countsBefore.SlackRefused, Stats.Round(enrichment / (double)Math.Max(1, completed), 3));
        static double? MiB(long? bytes) => bytes is { } b ? Stats.Round(b / 1048576.0) : null;
        var productFigures = new ProductFigures(
            MiB(memory.Peak),
            peakReset,
            MiB(memory.Resident),
            writtenBefore is { } w0 && writtenAfter is { } w1 ? Stats.Round((w1 - w0) / 1024.0 / Math.Max(1, completed), 2) : null,
            product.Process.Warnings - warningsBefore.Warnings,
            product.Process.Errors - warningsBefore.Errors);
        var clean = completed == messages && load.DuplicateMessages == 0 && load.Rejected == 0 && load.Requeued == 0 && enrichment == messages && left == 0;
        return new QueueLeadsRun(
            store,
            phase,
            load,
            clean,
            CpuSplit.Between(cpuBefore, cpuAfter, completed),
            databaseBefore is not null && databaseAfter is not null ? PostgresPerLead.Between(databaseBefore, databaseAfter, completed) : null,
            productFigures,
            standInFigures,
            loadAtStart,
            loadAtEnd);
    }

    private (ProcessCpuSnapshot Cpu, bool PeakReset, long? Written) StartWindow() =>
        (ProcessCpuSnapshot.Take(processes, null), ProcStat.ResetPeak(processes.ProductPid), ProcStat.WriteBytes(processes.ProductPid));

    /// <summary>Publishes the lead-to-customer workflow again, now triggered by <paramref name="queue"/>.</summary>
    private async Task PutTriggerAsync(string queue, int prefetch)
    {
        var definition = JsonNode.Parse(BenchTenant.Definition)!.AsObject();
        definition["trigger"] = new JsonObject { ["kind"] = "queue", ["connection"] = connection, ["queue"] = queue, ["prefetch"] = prefetch };
        using var http = new HttpClient { BaseAddress = product.BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", tenant.ApiKey);
        using var response = await http.PutAsync($"v1/workflows/{BenchTenant.Workflow}", new StringContent(definition.ToJsonString(), Encoding.UTF8, "application/json"));
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"PUT /v1/workflows/{BenchTenant.Workflow} with a queue trigger answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }
    }

    private static async Task<StandInCounts> CountsAsync(HttpClient control) =>
        await control.GetFromJsonAsync<StandInCounts>("counts", ApiLeadsJson.Options) ?? throw new InvalidOperationException("The stand-ins answered no counts.");
}
