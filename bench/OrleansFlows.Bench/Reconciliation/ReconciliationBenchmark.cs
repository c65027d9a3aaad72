using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Npgsql;
using OrleansFlows.Bench.Flows;
using OrleansFlows.Bench.Harness;
using OrleansFlows.Contracts.Leads;
using OrleansFlows.Contracts.Reconciliation;
using OrleansFlows.Contracts.Tenants;
using OrleansFlows.TestKit.Hosting;
using OrleansFlows.TestKit.Saas;

namespace OrleansFlows.Bench.Reconciliation;

/// <summary>
/// Many tenants whose nightly batches all come due in the same minute, on PostgreSQL (fsync on): how long until every
/// batch is claimed and started (its run row written), how long until all finish, the API's p99 latency during the
/// burst against an idle baseline, and whether any tenant's date ran twice.
/// </summary>
/// <remarks>
/// A batch reconciles the day before its run, and never a date before the tenant existed, so the tenants are created
/// and scheduled by a silo whose clock is one day back; their reminders are absolute instants in the store. That silo
/// is then stopped, and the real API (src/Api, its own process, co-hosting the silo that runs the batches) is started.
/// </remarks>
internal static class ReconciliationBenchmark
{
    private const string Zone = "Europe/Berlin";

    public static async Task<int> RunAsync(string[] args, TextWriter log)
    {
        var tenants = Option(args, "--tenants", args.Contains("--quick") ? 500 : 10_000);
        var maxBatches = Option(args, "--max-concurrent-batches", 4);
        var probeRate = Option(args, "--probe-rate", 50);
        var records = Option(args, "--records", 1); // batch records per tenant, sent to a local bulk receiver; 0: no records, no connection
        var repositoryRoot = RepositoryRoot.Find();
        var machine = MachineInfo.Collect(repositoryRoot);
        log.WriteLine($"OrleansFlows reconciliation benchmark: {tenants:N0} tenants due in one minute, {maxBatches} batches at once per silo, {records} record(s) per tenant; {machine.ProcessorCount} cores, {machine.CpuModel}");

        var (postgres, reason) = await BenchPostgres.TryStartAsync(keepFsync: true);
        if (postgres is null)
        {
            log.WriteLine($"!! PostgreSQL is not available: {reason}");
            return 1;
        }

        await using var _ = postgres;
        await using var store = await TestStore.PostgresAsync(postgres.Server, "recon");
        var connectionString = store.StorageSettings["OrleansFlows:Storage:PostgresConnectionString"]!;
        var encryptionKeys = "k1:" + Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
        var settings = new Dictionary<string, string?> { ["OrleansFlows:EncryptionKeys"] = encryptionKeys };
        var report = new ReconciliationReport { Tenants = tenants, MaxConcurrentBatches = maxBatches, RecordsPerTenant = records, ProbeRequestsPerSecond = probeRate, Machine = machine, Postgres = postgres.Info };

        await using var receiver = await ReconciliationReceiver.StartAsync();

        // 1. Tenants and schedules, created "yesterday".
        var setup = Stopwatch.StartNew();
        var ids = Enumerable.Range(0, tenants).Select(i => TenantId.Parse($"rb{i:D6}")).ToArray();
        List<string> apiKeys = [];
        DateTimeOffset runAt;
        await using (var host = await ProductHost.StartAsync(store, settings, new ShiftedClock(TimeSpan.FromDays(-1))))
        {
            await ForEachAsync(ids, id => CreateTenantAsync(host, id, records, receiver.BaseAddress));
            report.TenantSetupSeconds = Stats.Round(setup.Elapsed.TotalSeconds);
            foreach (var id in ids.Take(16))
            {
                apiKeys.Add((await host.Grains.GetGrain<ITenantGrain>(id.Value).IssueApiKeyAsync()).Key);
            }

            // Leave time to schedule every tenant, stop this silo, start the API and measure it idle for a while.
            runAt = NextMinute(DateTimeOffset.UtcNow + (setup.Elapsed * 1.5) + TimeSpan.FromSeconds(45));
            var dailyAt = TimeZoneInfo.ConvertTime(runAt, TimeZoneInfo.FindSystemTimeZoneById(Zone)).ToString("HH:mm", CultureInfo.InvariantCulture);
            log.WriteLine($"  {tenants:N0} tenants in {report.TenantSetupSeconds:N1} s; every batch is due at {runAt:HH:mm:ss} UTC ({dailyAt} {Zone})");
            var scheduling = Stopwatch.StartNew();
            var schedule = new ReconciliationSchedule(dailyAt, Zone, Connection: records > 0 ? "bulk" : null, Path: "/bulk");
            await ForEachAsync(ids, id => host.Grains.GetGrain<IReconciliationGrain>(id.Value).SetScheduleAsync(schedule));
            report.ScheduleSetupSeconds = Stats.Round(scheduling.Elapsed.TotalSeconds);
            log.WriteLine($"  schedules set in {report.ScheduleSetupSeconds:N1} s");
        }

        if (runAt - DateTimeOffset.UtcNow < TimeSpan.FromSeconds(20))
        {
            log.WriteLine($"!! Setting up took too long: the batches are due at {runAt:O}, too soon to start the API and measure it idle.");
            return 1;
        }

        // 2. The real API, idle, then through the burst.
        var environment = new Dictionary<string, string>
        {
            ["OrleansFlows__Storage__Provider"] = "Postgres",
            ["OrleansFlows__Storage__PostgresConnectionString"] = connectionString,
            ["OrleansFlows__EncryptionKeys"] = encryptionKeys,
            ["OrleansFlows__DataDirectory"] = Directory.CreateTempSubdirectory("orleansflows-bench-api-").FullName,
            ["OrleansFlows__Reconciliation__MaxConcurrentBatches"] = maxBatches.ToString(CultureInfo.InvariantCulture),
            ["OrleansFlows__Outbound__AllowPrivateNetworks"] = "true", // the bulk receiver listens on 127.0.0.1
        };
        await using var api = await ApiProcess.StartAsync(repositoryRoot, environment);
        var probe = new LatencyProbe(api.BaseAddress, apiKeys, probeRate);
        using var stopProbe = new CancellationTokenSource();
        var probing = probe.RunAsync(stopProbe.Token);
        await Task.Delay(TimeSpan.FromSeconds(3)); // the first requests warm up connections and activations
        probe.Phase = "idle";
        await Task.Delay(runAt - DateTimeOffset.UtcNow - TimeSpan.FromSeconds(1));
        probe.Phase = "between";
        await Task.Delay(runAt - DateTimeOffset.UtcNow);
        probe.Phase = "burst";
        report.LoadAverageAtBurst = LoadAverage();
        log.WriteLine($"  due now ({DateTimeOffset.UtcNow:HH:mm:ss.fff}); the API was probed idle at {probeRate}/s");

        var progress = await WaitForRunsAsync(connectionString, tenants, runAt, TimeSpan.FromMinutes(15), log);
        probe.Phase = "after";
        await stopProbe.CancelAsync();
        await probing;

        report.Idle = probe.Figure("idle");
        report.Burst = probe.Figure("burst");
        report.Runs = progress;
        report.Duplicates = await ScalarAsync(connectionString, "SELECT COUNT(*) FROM (SELECT tenant_id, business_date FROM reconciliation_runs GROUP BY tenant_id, business_date HAVING COUNT(*) > 1) d");
        report.TenantsWithoutRun = tenants - await ScalarAsync(connectionString, "SELECT COUNT(DISTINCT tenant_id) FROM reconciliation_runs");
        report.NotCompleted = await ScalarAsync(connectionString, "SELECT COUNT(*) FROM reconciliation_runs WHERE status <> 'completed'");
        report.NotScheduledTrigger = await ScalarAsync(connectionString, "SELECT COUNT(*) FROM reconciliation_runs WHERE trigger <> 'scheduled'");
        var requests = receiver.Requests;
        report.ReceiverRequests = requests.Count;
        report.ReceiverRepeatedKeys = requests.Count - requests.Select(r => r.IdempotencyKey).Distinct().Count();
        report.ReceiverAcceptedRecords = receiver.AcceptedRecords;
        Write(report, log, repositoryRoot);
        return report.Duplicates == 0 && report.TenantsWithoutRun == 0 && report.NotCompleted == 0 && report.ReceiverAcceptedRecords == (long)tenants * records ? 0 : 1;
    }

    /// <summary>A tenant with a bulk connection and a batch workflow, and <paramref name="records"/> leads handed to its batch.</summary>
    private static async Task CreateTenantAsync(ProductHost host, TenantId id, int records, Uri receiver)
    {
        var tenant = host.Grains.GetGrain<ITenantGrain>(id.Value);
        await tenant.SetProfileAsync(new TenantProfile($"Bench {id}", Zone));
        if (records == 0)
        {
            return;
        }

        await tenant.PutConnectionAsync(new ConnectionSpec("bulk", ConnectionKind.Http, receiver.ToString(), new Dictionary<string, string>(), null));
        await tenant.PublishWorkflowAsync("orders", """{"input":{"type":"object"},"steps":[{"id":"hand","kind":"batch"}]}""");
        for (var i = 0; i < records; i++)
        {
            var key = $"order-{i}";
            var body = $$"""{"order":{{i}},"amount":{{(i + 1) * 10}}}""";
            var lead = LeadKey.Create(id, LeadIds.FromIdempotencyKey("orders", key));
            await host.Grains.GetGrain<ILeadGrain>(lead.ToString()).SubmitAsync(new SubmitLead("orders", body, key, LeadIds.HashBody(Encoding.UTF8.GetBytes(body)), "api"));
        }
    }

    private static async Task<RunProgress> WaitForRunsAsync(string connectionString, int tenants, DateTimeOffset runAt, TimeSpan timeout, TextWriter log)
    {
        var deadline = DateTimeOffset.UtcNow + timeout;
        var lastLog = DateTimeOffset.MinValue;
        while (DateTimeOffset.UtcNow < deadline)
        {
            var finished = await ScalarAsync(connectionString, "SELECT COUNT(*) FROM reconciliation_runs WHERE finished_at IS NOT NULL");
            if (DateTimeOffset.UtcNow - lastLog > TimeSpan.FromSeconds(5))
            {
                var startedSoFar = await ScalarAsync(connectionString, "SELECT COUNT(*) FROM reconciliation_runs");
                log.WriteLine($"  +{(DateTimeOffset.UtcNow - runAt).TotalSeconds:N0} s: {startedSoFar:N0} started, {finished:N0} finished");
                lastLog = DateTimeOffset.UtcNow;
            }

            if (finished >= tenants)
            {
                break;
            }

            await Task.Delay(250);
        }

        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT started_at, finished_at FROM reconciliation_runs", connection);
        await using var reader = await command.ExecuteReaderAsync();
        var started = new List<double>();
        var finishedAt = new List<double>();
        while (await reader.ReadAsync())
        {
            started.Add((new DateTimeOffset(reader.GetDateTime(0), TimeSpan.Zero) - runAt).TotalSeconds);
            if (!reader.IsDBNull(1))
            {
                finishedAt.Add((new DateTimeOffset(reader.GetDateTime(1), TimeSpan.Zero) - runAt).TotalSeconds);
            }
        }

        return new RunProgress(
            started.Count,
            finishedAt.Count,
            Stats.Round(started.DefaultIfEmpty(double.NaN).Min(), 2),
            Stats.Round(Stats.Median(started), 2),
            Stats.Round(Stats.Percentile(started, 99), 2),
            Stats.Round(started.DefaultIfEmpty(double.NaN).Max(), 2),
            Stats.Round(finishedAt.DefaultIfEmpty(double.NaN).Max(), 2));
    }

    private static async Task<long> ScalarAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
    }

    private static Task ForEachAsync(IEnumerable<TenantId> ids, Func<TenantId, Task> action) =>
        Parallel.ForEachAsync(ids, new ParallelOptions { MaxDegreeOfParallelism = 64 }, async (id, _) => await action(id));

    private static string? LoadAverage()
    {
        try
        {
            return File.ReadAllText("/proc/loadavg").Trim();
        }
        catch (IOException)
        {
            return null;
        }
    }

    private static DateTimeOffset NextMinute(DateTimeOffset at) =>
        new DateTimeOffset(at.Year, at.Month, at.Day, at.Hour, at.Minute, 0, TimeSpan.Zero).AddMinutes(1);

    private static int Option(string[] args, string name, int fallback)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length && int.TryParse(args[index + 1], CultureInfo.InvariantCulture, out var value) ? value : fallback;
    }

    private static void Write(ReconciliationReport report, TextWriter log, string repositoryRoot)
    {
        var runs = report.Runs!;
        log.WriteLine();
        log.WriteLine($"| figure | value |");
        log.WriteLine($"|---|---|");
        log.WriteLine($"| batches started (run row written) | {runs.Started:N0} of {report.Tenants:N0} |");
        log.WriteLine($"| first / median / p99 / last started, after the due minute | {runs.FirstStartedSeconds} / {runs.MedianStartedSeconds} / {runs.P99StartedSeconds} / {runs.LastStartedSeconds} s |");
        log.WriteLine($"| last finished, after the due minute | {runs.LastFinishedSeconds} s |");
        log.WriteLine($"| API p50 / p99, idle ({report.Idle!.Requests} requests, {report.Idle.Failed} failed) | {report.Idle.MedianMs} / {report.Idle.P99Ms} ms |");
        log.WriteLine($"| API p50 / p99, burst ({report.Burst!.Requests} requests, {report.Burst.Failed} failed) | {report.Burst.MedianMs} / {report.Burst.P99Ms} ms |");
        log.WriteLine($"| receiver: requests / repeated idempotency keys / records accepted | {report.ReceiverRequests:N0} / {report.ReceiverRepeatedKeys} / {report.ReceiverAcceptedRecords:N0} of {(long)report.Tenants * report.RecordsPerTenant:N0} |");
        log.WriteLine($"| load average when due (1, 5, 15 min) | {report.LoadAverageAtBurst} |");
        log.WriteLine($"| dates run twice / tenants without a run / runs not completed / not 'scheduled' | {report.Duplicates} / {report.TenantsWithoutRun} / {report.NotCompleted} / {report.NotScheduledTrigger} |");
        var directory = Path.Combine(repositoryRoot, "bench", "results");
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, $"reconciliation-{DateTimeOffset.UtcNow.ToString("yyyy-MM-dd-HHmmss", CultureInfo.InvariantCulture)}{(report.Tenants < 10_000 ? "-quick" : "")}.json");
        var json = new JsonSerializerOptions(JsonSerializerDefaults.Web) { WriteIndented = true, NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals };
        File.WriteAllText(path, JsonSerializer.Serialize(report, json) + "\n");
        log.WriteLine($"results: {path}");
    }

    /// <summary>The system clock moved back, for the set-up silo only.</summary>
    private sealed class ShiftedClock(TimeSpan offset) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + offset;
    }
}

/// <summary>When the runs started and finished, in seconds after the minute they were all due.</summary>
internal sealed record RunProgress(int Started, int Finished, double FirstStartedSeconds, double MedianStartedSeconds, double P99StartedSeconds, double LastStartedSeconds, double LastFinishedSeconds);

/// <summary>Everything a reconciliation run measured, written as JSON under bench/results/.</summary>
internal sealed class ReconciliationReport
{
    public required int Tenants { get; init; }

    public required int MaxConcurrentBatches { get; init; }

    public required int ProbeRequestsPerSecond { get; init; }

    /// <summary>The machine's 1-minute load average when the batches came due (other processes included).</summary>
    public string? LoadAverageAtBurst { get; set; }

    public required MachineInfo Machine { get; init; }

    public required PostgresInfo Postgres { get; init; }

    public double TenantSetupSeconds { get; set; }

    public double ScheduleSetupSeconds { get; set; }

    public RunProgress? Runs { get; set; }

    public LatencyFigure? Idle { get; set; }

    public LatencyFigure? Burst { get; set; }

    public long Duplicates { get; set; }

    public long TenantsWithoutRun { get; set; }

    public long NotCompleted { get; set; }

    public long NotScheduledTrigger { get; set; }

    public required int RecordsPerTenant { get; init; }

    public long ReceiverRequests { get; set; }

    /// <summary>Requests whose idempotency key an earlier request already carried (retries; 0 when no chunk failed).</summary>
    public long ReceiverRepeatedKeys { get; set; }

    public long ReceiverAcceptedRecords { get; set; }
}
