using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OrleansFlows.Bench.Harness;
using OrleansFlows.Contracts.Tenants;
using OrleansFlows.Silo;
using OrleansFlows.TestKit;

namespace OrleansFlows.Bench.Scenarios;

/// <summary>
/// Time from <c>kill -9</c> of a silo until every grain that lived on it answers again, on a real cluster
/// (<c>deploy/local/cluster.sh</c>: PostgreSQL, 3 silo processes, a client-mode API). This process is an Orleans
/// client of the cluster (<c>AddOrleansFlowsClient</c>). Per run: N fresh tenant grains are activated with one read
/// each (<c>ITenantGrain.GetAsync</c>; no stored state, so each activation reads its state from PostgreSQL and finds
/// none), the management grain says which of them live on silo 2, silo 2 is killed (<c>cluster.sh kill-silo 2</c>),
/// and every one of its grains is called in a loop (one call at a time per grain, each timing out after
/// <c>--call-timeout-ms</c>; a failed call is tried again 250 ms later) until it answers. Each run gets a fresh
/// cluster with the run's membership timings (Orleans' defaults, the product's defaults, the script's local timings).
/// </summary>
internal static class KillRecoveryBenchmark
{
    public const string Usage = "usage: OrleansFlows.Bench kill-recovery [--grains N] [--runs N] [--timings orleans,product,script] [--call-timeout-ms N] [--out DIR]";

    private const int KilledSilo = 2;
    private const int ActivationConcurrency = 64;
    private static readonly TimeSpan RetryDelay = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan RecoveryLimit = TimeSpan.FromMinutes(3);

    /// <summary>
    /// The membership timings compared: <c>ClusterMembershipOptions</c>' own defaults (ProbeTimeout 5 s,
    /// NumMissedProbesLimit 3, TableRefreshTimeout 60 s), the product's (<c>ClusterSettings</c>: 2 s, 2, 2 s), and
    /// <c>cluster.sh</c>'s (1 s, 3, 1 s; nothing passed).
    /// </summary>
    private static readonly Dictionary<string, Dictionary<string, string>> Timings = new()
    {
        ["orleans"] = new() { ["PROBE_TIMEOUT"] = "00:00:05", ["MISSED_PROBES_LIMIT"] = "3", ["TABLE_REFRESH_TIMEOUT"] = "00:01:00" },
        ["product"] = new() { ["PROBE_TIMEOUT"] = "00:00:02", ["MISSED_PROBES_LIMIT"] = "2", ["TABLE_REFRESH_TIMEOUT"] = "00:00:02" },
        ["script"] = new(),
    };

    public static async Task<int> RunAsync(string[] args, TextWriter log)
    {
        int grains, runs, callTimeoutMs;
        string[] timings;
        string? outputDirectory;
        try
        {
            grains = Number(args, "--grains", 3000);
            runs = Number(args, "--runs", 3);
            callTimeoutMs = Number(args, "--call-timeout-ms", 1000);
            timings = (Option(args, "--timings") ?? "orleans,product,script").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            outputDirectory = Option(args, "--out");
            if (timings.Length == 0 || timings.FirstOrDefault(t => !Timings.ContainsKey(t)) is { } unknown)
            {
                throw new ArgumentException($"--timings takes orleans, product and/or script, not '{string.Join(',', timings)}'.");
            }
        }
        catch (Exception exception) when (exception is ArgumentException or FormatException or OverflowException)
        {
            log.WriteLine(exception.Message);
            log.WriteLine(Usage);
            return 2;
        }

        var repositoryRoot = RepositoryRoot.Find();
        var report = new KillRecoveryReport
        {
            StartedAt = DateTimeOffset.UtcNow,
            Machine = MachineInfo.Collect(repositoryRoot),
            SourceChanges = RepositoryRoot.ChangedFiles(repositoryRoot, "src"),
            Grains = grains,
            CallTimeoutMs = callTimeoutMs,
        };
        log.WriteLine(
            $"OrleansFlows kill-recovery benchmark: {report.Machine.ProcessorCount} cores, {report.Machine.CpuModel}; 3 silo processes + 1 client-mode API + PostgreSQL " +
            $"(cluster.sh) on this machine; {grains:N0} tenant grains per run, {runs} run(s) per timing setting; {SystemLoad.Sample("start")}");
        var failed = false;
        foreach (var timing in timings)
        {
            var setting = new KillRecoverySetting { Timing = timing, Environment = Timings[timing] };
            report.Settings.Add(setting);
            try
            {
                await RunSettingAsync(setting, grains, runs, TimeSpan.FromMilliseconds(callTimeoutMs), log);
            }
            catch (Exception exception)
            {
                failed = true;
                setting.Error = exception.ToString();
                log.WriteLine($"!! {timing}: {exception.GetType().Name}: {exception.Message}");
            }

            var seconds = setting.Runs.Where(r => r.Recovered).Select(r => r.AllAnsweredSeconds).ToArray();
            setting.MedianAllAnsweredSeconds = seconds.Length == 0 ? double.NaN : Stats.Round(Stats.Median(seconds), 2);
            setting.MedianDeclaredDeadSeconds = Stats.Round(Stats.Median(setting.Runs.Select(r => r.DeclaredDeadSeconds ?? double.NaN).Where(s => !double.IsNaN(s)).ToArray()), 2);
        }

        report.DurationSeconds = Stats.Round((DateTimeOffset.UtcNow - report.StartedAt).TotalSeconds);
        var directory = outputDirectory ?? Path.Combine(repositoryRoot, "bench", "results");
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, $"kill-recovery-{report.StartedAt.ToString("yyyy-MM-dd-HHmmss", CultureInfo.InvariantCulture)}.json");
        var json = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            WriteIndented = true,
            NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        };
        await File.WriteAllTextAsync(path, JsonSerializer.Serialize(report, json) + "\n");

        log.WriteLine();
        log.WriteLine($"| timings ({report.Machine.ProcessorCount} cores) | goal | kill → every grain of silo 2 answers, median | runs | kill → silo 2 declared dead, median | load average |");
        log.WriteLine("|---|---|---|---|---|---|");
        foreach (var setting in report.Settings)
        {
            var goalMet = !double.IsNaN(setting.MedianAllAnsweredSeconds) && setting.MedianAllAnsweredSeconds <= 10 ? "✅" : "❌";
            log.WriteLine(
                $"| {setting.Timing} ({Describe(setting.Environment)}) | ≤ 10 s | {S(setting.MedianAllAnsweredSeconds)} s {goalMet} | " +
                $"{string.Join(", ", setting.Runs.Select(r => r.Recovered ? S(r.AllAnsweredSeconds) : "not recovered"))} | {S(setting.MedianDeclaredDeadSeconds)} s | " +
                $"{string.Join(", ", setting.Runs.Select(r => r.LoadAtKill.LoadAverage1m?.ToString("0.0", CultureInfo.InvariantCulture) ?? "n/a"))} |");
        }

        log.WriteLine();
        log.WriteLine($"Done in {report.DurationSeconds:N0} s; results: {path}");
        return failed ? 1 : 0;
    }

    private static async Task RunSettingAsync(KillRecoverySetting setting, int grains, int runs, TimeSpan callTimeout, TextWriter log)
    {
        for (var r = 1; r <= runs; r++)
        {
            // A fresh cluster per run: after a recovery the survivors' connection pools stay full (idle connections
            // live 5 minutes), and a restarted silo would then meet PostgreSQL's connection limit.
            var state = Path.Combine(Path.GetTempPath(), $"orleansflows-bench-kill-{Guid.NewGuid():N}");
            var environment = new Dictionary<string, string>(setting.Environment)
            {
                ["STATE_DIR"] = state,
                ["NO_BUILD"] = "1",
                ["API_PORT"] = LoopbackPorts.Free().ToString(CultureInfo.InvariantCulture),
                ["PG_PORT"] = LoopbackPorts.Free().ToString(CultureInfo.InvariantCulture),
                ["SILO_BASE_PORT"] = FreeBasePort(21000).ToString(CultureInfo.InvariantCulture),
                ["GATEWAY_BASE_PORT"] = FreeBasePort(31000).ToString(CultureInfo.InvariantCulture),
            };
            log.WriteLine($"{setting.Timing} timings ({Describe(setting.Environment)}), run {r}: starting the cluster...");
            try
            {
                var (code, output) = await ClusterScript.RunAsync("start", environment);
                if (code != 0)
                {
                    // Other processes on this machine may take a port between the check and the start; try other ports once.
                    log.WriteLine($"  cluster.sh start failed ({code}); trying other ports: {output.Split('\n').LastOrDefault(l => l.Length > 0)}");
                    environment["SILO_BASE_PORT"] = FreeBasePort(21000).ToString(CultureInfo.InvariantCulture);
                    environment["GATEWAY_BASE_PORT"] = FreeBasePort(31000).ToString(CultureInfo.InvariantCulture);
                    environment["API_PORT"] = LoopbackPorts.Free().ToString(CultureInfo.InvariantCulture);
                    environment["PG_PORT"] = LoopbackPorts.Free().ToString(CultureInfo.InvariantCulture);
                    (code, output) = await ClusterScript.RunAsync("start", environment);
                    if (code != 0)
                    {
                        throw new InvalidOperationException($"cluster.sh start failed ({code}): {output}");
                    }
                }

                var cluster = ClusterScript.ReadEnvironment(state);
                using var host = await StartClientAsync(cluster["PG_CONNECTION"]);
                var client = host.Services.GetRequiredService<IClusterClient>();
                var management = client.GetGrain<IManagementGrain>(0);
                await WaitForActiveSilosAsync(management, 3);
                var siloPort = int.Parse(environment["SILO_BASE_PORT"], CultureInfo.InvariantCulture) + KilledSilo;
                setting.Runs.Add(await RunOnceAsync(client, management, environment, siloPort, $"{setting.Timing}{r.ToString(CultureInfo.InvariantCulture)}", grains, callTimeout, log));
                await host.StopAsync(TimeSpan.FromSeconds(10));
            }
            finally
            {
                await ClusterScript.RunAsync("stop", environment);
            }
        }
    }

    private static async Task<KillRecoveryRun> RunOnceAsync(IClusterClient client, IManagementGrain management, Dictionary<string, string> environment, int siloPort, string prefix, int count, TimeSpan callTimeout, TextWriter log)
    {
        var keys = Enumerable.Range(0, count).Select(i => $"kr-{prefix}-{i.ToString("D6", CultureInfo.InvariantCulture)}").ToArray();
        var activation = Stopwatch.StartNew();
        var activationErrors = 0;
        await Parallel.ForEachAsync(keys, new ParallelOptions { MaxDegreeOfParallelism = ActivationConcurrency }, async (key, _) =>
        {
            // A young cluster may refuse a few calls (a store error, a silo still joining); such a grain is tried
            // again, and only a grain that keeps failing fails the run.
            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    await client.GetGrain<ITenantGrain>(key).GetAsync();
                    return;
                }
                catch (Exception) when (attempt < 5)
                {
                    Interlocked.Increment(ref activationErrors);
                    await Task.Delay(TimeSpan.FromMilliseconds(500));
                }
            }
        });
        activation.Stop();

        // Where each of the run's grains lives: the management grain asks every silo for its activations.
        var ids = keys.ToDictionary(k => client.GetGrain<ITenantGrain>(k).GetGrainId(), k => k);
        var statistics = await management.GetDetailedGrainStatistics();
        var placed = statistics.Where(s => ids.ContainsKey(s.GrainId)).ToArray();
        var perSilo = placed.GroupBy(s => s.SiloAddress.Endpoint.Port).ToDictionary(g => g.Key.ToString(CultureInfo.InvariantCulture), g => g.Count());
        var victims = placed.Where(s => s.SiloAddress.Endpoint.Port == siloPort).Select(s => ids[s.GrainId]).Distinct().ToArray();
        if (victims.Length == 0)
        {
            throw new InvalidOperationException($"None of the {count} grains is on silo {KilledSilo} (port {siloPort}); placement: {string.Join(", ", perSilo.Select(p => $"{p.Key}: {p.Value}"))}.");
        }

        var load = SystemLoad.Sample($"kill {prefix}");
        log.WriteLine(
            $"  {prefix}: {count:N0} grains activated in {activation.Elapsed.TotalSeconds:N1} s ({activationErrors} failed calls tried again), by silo port: {string.Join(", ", perSilo.OrderBy(p => p.Key).Select(p => $"{p.Key}: {p.Value:N0}"))}; " +
            $"{victims.Length:N0} on silo {KilledSilo}; {load}");

        var answeredAt = new double[victims.Length];
        var failures = 0L;
        using var stop = new CancellationTokenSource(RecoveryLimit);
        // The clock starts before the script; the kill itself is when silo 2's process is gone (watched every
        // millisecond), which on a loaded machine can be a second after the script started. Times are from the kill.
        var siloPid = int.Parse(ClusterScript.ReadEnvironment(environment["STATE_DIR"])[$"SILO{KilledSilo}_PID"], CultureInfo.InvariantCulture);
        var clock = Stopwatch.StartNew();
        var killedAt = Task.Factory.StartNew(() => WaitForExit(siloPid, clock), TaskCreationOptions.LongRunning);
        var deadWatch = WatchForDeathAsync(management, siloPort, clock, stop.Token);
        var (code, output) = await ClusterScript.RunAsync($"kill-silo {KilledSilo}", environment);
        var killScriptSeconds = clock.Elapsed.TotalSeconds;
        if (code != 0)
        {
            throw new InvalidOperationException($"cluster.sh kill-silo failed ({code}): {output}");
        }

        var kill = await killedAt;

        async Task PollAsync(int index)
        {
            var grain = client.GetGrain<ITenantGrain>(victims[index]);
            while (!stop.IsCancellationRequested)
            {
                try
                {
                    await grain.GetAsync().WaitAsync(callTimeout, stop.Token);
                    answeredAt[index] = clock.Elapsed.TotalSeconds - kill;
                    return;
                }
                catch (Exception) when (!stop.IsCancellationRequested)
                {
                    Interlocked.Increment(ref failures);
                }

                await Task.Delay(RetryDelay, stop.Token);
            }
        }

        var recovered = true;
        try
        {
            await Task.WhenAll(Enumerable.Range(0, victims.Length).Select(PollAsync));
        }
        catch (OperationCanceledException)
        {
            recovered = false;
        }

        var allAnswered = clock.Elapsed.TotalSeconds - kill;
        await stop.CancelAsync();
        var declaredDead = await deadWatch - kill;

        // Every grain of the run, on silo 2 or not, answers once more afterwards.
        var afterwards = 0;
        await Parallel.ForEachAsync(keys, new ParallelOptions { MaxDegreeOfParallelism = ActivationConcurrency }, async (key, _) =>
        {
            try
            {
                await client.GetGrain<ITenantGrain>(key).GetAsync().WaitAsync(TimeSpan.FromSeconds(30));
                Interlocked.Increment(ref afterwards);
            }
            catch (Exception)
            {
                // Counted as not answering: the run reports how many of its grains answered.
            }
        });

        var times = answeredAt.Where(t => t > 0).ToArray();
        var run = new KillRecoveryRun(
            prefix,
            count,
            perSilo,
            victims.Length,
            activationErrors,
            Stats.Round(kill, 3),
            Stats.Round(killScriptSeconds, 3),
            declaredDead is { } dead ? Stats.Round(dead, 2) : null,
            times.Length == 0 ? double.NaN : Stats.Round(times.Min(), 2),
            times.Length == 0 ? double.NaN : Stats.Round(Stats.Percentile(times, 50), 2),
            recovered ? Stats.Round(times.Max(), 2) : Stats.Round(allAnswered, 2),
            recovered,
            Interlocked.Read(ref failures),
            afterwards,
            load,
            SystemLoad.Sample($"recovered {prefix}"));
        log.WriteLine(
            $"  {prefix}: kill → silo {KilledSilo} declared dead {S(run.DeclaredDeadSeconds ?? double.NaN)} s; its grains answer again: first {S(run.FirstAnsweredSeconds)} s, " +
            $"half {S(run.HalfAnsweredSeconds)} s, {(recovered ? "all" : $"NOT ALL ({times.Length:N0}/{victims.Length:N0}) within {RecoveryLimit.TotalSeconds:N0} s;")} {S(run.AllAnsweredSeconds)} s " +
            $"({run.FailedCalls:N0} failed calls); afterwards {afterwards:N0}/{count:N0} of the run's grains answer; {run.LoadAfter}");
        return run;
    }

    /// <summary>A base port whose next 3 ports (silo N listens on base + N) are free on 127.0.0.1 now.</summary>
    private static int FreeBasePort(int from)
    {
        for (var attempt = 0; attempt < 100; attempt++)
        {
            var basePort = from + Random.Shared.Next(0, 9000);
            if (Enumerable.Range(basePort + 1, 3).All(IsFree))
            {
                return basePort;
            }
        }

        throw new InvalidOperationException($"No 3 free ports in a row from {from}.");
    }

    private static bool IsFree(int port)
    {
        try
        {
            using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, port);
            listener.Start();
            return true;
        }
        catch (System.Net.Sockets.SocketException)
        {
            return false;
        }
    }

    /// <summary>Seconds on <paramref name="clock"/> when process <paramref name="pid"/> is gone (exited, or a zombie).</summary>
    private static double WaitForExit(int pid, Stopwatch clock)
    {
        var stat = $"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/stat";
        while (clock.Elapsed < RecoveryLimit)
        {
            try
            {
                var text = File.ReadAllText(stat);
                if (text[(text.LastIndexOf(')') + 2)..].StartsWith('Z'))
                {
                    return clock.Elapsed.TotalSeconds;
                }
            }
            catch (IOException)
            {
                return clock.Elapsed.TotalSeconds;
            }

            Thread.Sleep(1);
        }

        throw new TimeoutException($"Silo {KilledSilo} (pid {pid}) did not exit after cluster.sh kill-silo.");
    }

    /// <summary>Seconds on <paramref name="clock"/> when the management grain no longer lists the silo as active, or null.</summary>
    private static async Task<double?> WatchForDeathAsync(IManagementGrain management, int siloPort, Stopwatch clock, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                var hosts = await management.GetHosts(onlyActive: true).WaitAsync(TimeSpan.FromSeconds(2), cancellationToken);
                if (!hosts.Keys.Any(h => h.Endpoint.Port == siloPort))
                {
                    return clock.Elapsed.TotalSeconds;
                }
            }
            catch (Exception) when (!cancellationToken.IsCancellationRequested)
            {
                // The management grain's silo may be the dead one for a moment; ask again.
            }

            try
            {
                await Task.Delay(TimeSpan.FromMilliseconds(100), cancellationToken);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }

        return null;
    }

    private static async Task WaitForActiveSilosAsync(IManagementGrain management, int silos)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                if ((await management.GetHosts(onlyActive: true)).Count >= silos)
                {
                    return;
                }
            }
            catch (Exception) when (deadline.Elapsed < TimeSpan.FromMinutes(2))
            {
                // Not connected yet.
            }

            if (deadline.Elapsed > TimeSpan.FromMinutes(2))
            {
                throw new TimeoutException($"The cluster did not list {silos} active silos within 2 minutes.");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(250));
        }
    }

    private static async Task<IHost> StartClientAsync(string connectionString)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Logging.ClearProviders();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["OrleansFlows:Storage:Provider"] = "Postgres",
            ["OrleansFlows:Storage:PostgresConnectionString"] = connectionString,
        });
        builder.UseOrleansClient(client => client.AddOrleansFlowsClient(builder.Configuration));
        var host = builder.Build();
        await host.StartAsync();
        return host;
    }

    private static string Describe(Dictionary<string, string> environment) =>
        environment.Count == 0 ? "cluster.sh defaults: ProbeTimeout 1 s, MissedProbesLimit 3, TableRefreshTimeout 1 s"
            : $"ProbeTimeout {environment["PROBE_TIMEOUT"]}, MissedProbesLimit {environment["MISSED_PROBES_LIMIT"]}, TableRefreshTimeout {environment["TABLE_REFRESH_TIMEOUT"]}";

    private static string S(double value) => double.IsNaN(value) ? "n/a" : value.ToString("N2", CultureInfo.InvariantCulture);

    private static string? Option(string[] args, string name)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
    }

    private static int Number(string[] args, string name, int fallback)
    {
        var value = Option(args, name) is { } text ? int.Parse(text, NumberStyles.None, CultureInfo.InvariantCulture) : fallback;
        return value > 0 ? value : throw new ArgumentException($"{name} must be at least 1.");
    }
}

/// <summary>Everything a <c>kill-recovery</c> run measured, written as JSON under bench/results/.</summary>
internal sealed class KillRecoveryReport
{
    public required DateTimeOffset StartedAt { get; init; }

    public double DurationSeconds { get; set; }

    public required MachineInfo Machine { get; init; }

    public IReadOnlyList<string>? SourceChanges { get; init; }

    public required int Grains { get; init; }

    public required int CallTimeoutMs { get; init; }

    public List<KillRecoverySetting> Settings { get; } = [];
}

/// <summary>One membership timing setting: its <c>cluster.sh</c> variables and its runs.</summary>
internal sealed class KillRecoverySetting
{
    public required string Timing { get; init; }

    public required Dictionary<string, string> Environment { get; init; }

    public double MedianAllAnsweredSeconds { get; set; }

    public double MedianDeclaredDeadSeconds { get; set; }

    public List<KillRecoveryRun> Runs { get; } = [];

    public string? Error { get; set; }
}

/// <summary>
/// One kill: seconds from the kill (when silo 2's process was gone) to each event; the kill itself is
/// <c>KillAfterScriptStartSeconds</c> after <c>cluster.sh kill-silo</c> started, which took <c>KillScriptSeconds</c>.
/// </summary>
internal sealed record KillRecoveryRun(
    string Run,
    int Grains,
    IReadOnlyDictionary<string, int> GrainsBySiloPort,
    int GrainsOnKilledSilo,
    int ActivationCallsTriedAgain,
    double KillAfterScriptStartSeconds,
    double KillScriptSeconds,
    double? DeclaredDeadSeconds,
    double FirstAnsweredSeconds,
    double HalfAnsweredSeconds,
    double AllAnsweredSeconds,
    bool Recovered,
    long FailedCalls,
    int RunGrainsAnsweringAfterwards,
    SystemLoad LoadAtKill,
    SystemLoad LoadAfter);
