using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using OrleansFlows.Bench;
using OrleansFlows.Bench.Flows;
using OrleansFlows.Bench.Harness;
using OrleansFlows.Bench.Scenarios;

if (args is ["cluster", .. var clusterArgs])
{
    return await ClusterBenchmark.RunAsync(clusterArgs, Console.Out);
}

if (args is ["cluster-leads", .. var clusterLeadsArgs])
{
    return await ClusterLeadsBenchmark.RunAsync(clusterLeadsArgs, Console.Out);
}

if (args is ["transport", .. var transportArgs])
{
    return await TransportBenchmark.RunAsync(transportArgs, Console.Out);
}

if (args is ["reconciliation", .. var reconciliationArgs])
{
    return await OrleansFlows.Bench.Reconciliation.ReconciliationBenchmark.RunAsync(reconciliationArgs, Console.Out);
}

if (args.Length > 0 && FlowSettings.Commands.Contains(args[0]))
{
    return await FlowProgram.RunAsync(args, Console.Out, Console.Error);
}

var settings = BenchSettings.Parse(args, Console.Error);
if (settings is null)
{
    return 2;
}

var log = Console.Out;
var repositoryRoot = RepositoryRoot.Find();
var stopwatch = Stopwatch.StartNew();
var report = new BenchReport
{
    StartedAt = DateTimeOffset.UtcNow,
    Quick = settings.Quick,
    Machine = MachineInfo.Collect(repositoryRoot),
    Settings = new
    {
        settings.Quick,
        Figures = settings.Figures.Order().ToArray(),
        settings.Concurrency,
        settings.ManyGrains,
        CallWarmupSeconds = settings.CallWarmup.TotalSeconds,
        CallWindowSeconds = settings.CallWindow.TotalSeconds,
        settings.CallRuns,
        CallerYieldEvery = CallLoad.YieldEvery,
        settings.LatencyWarmupCalls,
        settings.LatencySamples,
        settings.LatencyRuns,
        ProfileSeconds = settings.ProfileDuration.TotalSeconds,
        settings.MemoryActivations,
        settings.ActivationGrains,
        settings.ActivationRuns,
        settings.Reminders,
        settings.ReminderRuns,
        ReminderPollIntervalMs = settings.ReminderPollInterval.TotalMilliseconds,
        settings.ReminderClaimBatchSize,
        settings.ReminderMaxConcurrentDeliveries,
        ReminderLeaseDurationSeconds = settings.ReminderLeaseDuration.TotalSeconds,
        PostgresFsyncRequested = settings.PostgresFsync,
        settings.UsePostgres,
    },
};

log.WriteLine($"OrleansFlows runtime benchmark{(settings.Quick ? " (quick)" : "")}: {report.Machine.ProcessorCount} cores, {report.Machine.CpuModel}, {report.Machine.Framework}, {report.Machine.Os}");
if (report.Machine.RuntimeSourceHasLocalChanges == true)
{
    log.WriteLine($"  note: src/Runtime has uncommitted changes on top of {report.Machine.GitCommit}; the figures measure the working tree.");
}

await using (var context = new BenchContext(settings, log))
{
    async Task Figure(string figure, Func<Task> run)
    {
        if (!settings.Figures.Contains(figure))
        {
            return;
        }

        var load = SystemLoad.Sample(figure);
        report.SystemLoad.Add(load);
        log.WriteLine($"[{figure}] at {stopwatch.Elapsed.TotalSeconds:N1} s; machine: {load}");
        try
        {
            await run();
        }
        catch (Exception exception)
        {
            report.Errors.Add($"{figure}: {exception}");
            log.WriteLine($"!! {figure} failed: {exception.GetType().Name}: {exception.Message}");
        }
    }

    await Figure("calls", async () => report.CallThroughput = await CallBenchmarks.ThroughputAsync(context));
    await Figure("latency", async () => report.CallLatency = await CallBenchmarks.LatencyAsync(context));
    await Figure("profile", async () => report.CallProfile = await CallBenchmarks.ProfileAsync(context));
    await Figure("memory", async () => report.Memory = await MemoryBenchmark.RunAsync(context));
    await Figure("activation", async () => report.ActivationLatency = await ActivationBenchmark.RunAsync(context));
    await Figure("reminders", async () => report.Reminders = await ReminderBenchmark.RunAsync(context));
    report.Postgres = context.Postgres?.Info;
    report.PostgresUnavailable = context.PostgresUnavailable;
}

report.DurationSeconds = Stats.Round(stopwatch.Elapsed.TotalSeconds);
var outputDirectory = settings.OutputDirectory ?? Path.Combine(repositoryRoot, "bench", "results");
Directory.CreateDirectory(outputDirectory);
var fileName = $"runtime-{report.StartedAt.ToString("yyyy-MM-dd-HHmmss", CultureInfo.InvariantCulture)}{(settings.Quick ? "-quick" : "")}.json";
var path = Path.Combine(outputDirectory, fileName);
var json = new JsonSerializerOptions(JsonSerializerDefaults.Web)
{
    WriteIndented = true,
    NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
};
await File.WriteAllTextAsync(path, JsonSerializer.Serialize(report, json) + "\n");
Summary.Write(report, log);
log.WriteLine($"Done in {report.DurationSeconds:N1} s; results: {path}");
if (report.Errors.Count > 0)
{
    log.WriteLine($"{report.Errors.Count} figure(s) failed; see \"errors\" in the results.");
    return 1;
}

return 0;
