using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using OrleansFlows.Runtime.Abstractions;
using OrleansFlows.Runtime.Identity;
using OrleansFlows.Runtime.Membership;
using OrleansFlows.Runtime.Placement;
using OrleansFlows.TestKit.Hosting;
using OrleansFlows.TestKit.Postgres;
using OrleansFlows.TestKit.TestGrains;

namespace OrleansFlows.Bench.Scenarios;

/// <summary>
/// Cluster figures with real silos in one process on one PostgreSQL (TestCluster): call throughput through the
/// cluster client (every call crosses the silo transport) with 2 and 3 silos, against local calls on one silo; and the
/// time from a silo kill until every grain it held answers again from the survivors.
/// </summary>
/// <remarks>Usage: <c>cluster [--concurrency N] [--window-seconds S] [--runs N] [--grains N] [--death-timeout-seconds S]</c>.</remarks>
internal static class ClusterBenchmark
{
    public static async Task<int> RunAsync(string[] args, TextWriter log)
    {
        var concurrency = Option(args, "--concurrency", 256);
        var window = TimeSpan.FromSeconds(Option(args, "--window-seconds", 3));
        var runs = Option(args, "--runs", 3);
        var grains = Option(args, "--grains", 1000);
        var deathTimeout = TimeSpan.FromSeconds(Option(args, "--death-timeout-seconds", 10));

        await using var server = new PostgresServer();
        await server.InitializeAsync();
        if (!server.IsAvailable)
        {
            log.WriteLine($"cluster benchmark needs PostgreSQL: {server.UnavailableReason}");
            return 1;
        }

        log.WriteLine($"cluster calls: {Environment.ProcessorCount} cores, {concurrency} callers, {grains} probe grains, {runs} × {window.TotalSeconds} s windows, silos in one process");
        await using (var store = await TestStore.PostgresAsync(server, "bench_cluster"))
        await using (var single = await TestCluster.StartAsync(store, silos: 1))
        {
            var local = Probes(single.Silos[0].Grains, grains);
            var rate = await MedianRateAsync(i => local[i % grains].NoOpAsync(1), concurrency, window, runs);
            log.WriteLine($"  local (1 silo, caller on the silo): median {rate:N0} calls/s");
            var remote = Probes(single.Client, grains);
            rate = await MedianRateAsync(i => remote[i % grains].NoOpAsync(1), concurrency, window, runs);
            log.WriteLine($"  client -> 1 silo: median {rate:N0} calls/s");
        }

        foreach (var silos in new[] { 2, 3 })
        {
            await using var store = await TestStore.PostgresAsync(server, "bench_cluster");
            await using var cluster = await TestCluster.StartAsync(store, silos);
            var client = Probes(cluster.Client, grains);
            var rate = await MedianRateAsync(i => client[i % grains].NoOpAsync(1), concurrency, window, runs);
            log.WriteLine($"  client -> {silos} silos: median {rate:N0} calls/s");
            var caller = Probes(cluster.Silos[0].Grains, grains);
            rate = await MedianRateAsync(i => caller[i % grains].NoOpAsync(1), concurrency, window, runs);
            log.WriteLine($"  silo -> {silos} silos (about {100 * (silos - 1) / silos}% of calls cross to another silo): median {rate:N0} calls/s");
        }

        var recoveries = new List<double>();
        for (var run = 0; run < runs; run++)
        {
            recoveries.Add(await KillRecoveryAsync(server, deathTimeout, grains: 300));
            log.WriteLine($"  kill recovery run {run + 1}: {recoveries[^1]:N2} s until every grain of the killed silo answered (death timeout {deathTimeout.TotalSeconds} s)");
        }

        recoveries.Sort();
        log.WriteLine($"  kill recovery: median {recoveries[recoveries.Count / 2]:N2} s (min {recoveries[0]:N2}, max {recoveries[^1]:N2})");
        return 0;
    }

    // Three silos; counters active everywhere; one silo is killed; every counter it held is called until it answers.
    private static async Task<double> KillRecoveryAsync(PostgresServer server, TimeSpan deathTimeout, int grains)
    {
        await using var store = await TestStore.PostgresAsync(server, "bench_kill");
        await using var cluster = await TestCluster.StartAsync(
            store,
            silos: 3,
            membership: m =>
            {
                m.DeathTimeout = deathTimeout;
                m.HeartbeatPeriod = MembershipDefaults.HeartbeatPeriod;
                m.RefreshPeriod = MembershipDefaults.RefreshPeriod;
            });
        var keys = Enumerable.Range(0, grains).Select(i => $"k{i}").ToArray();
        // 32 at a time: 300 activations at once would open up to 100 connections per silo (Npgsql's default pool).
        await Parallel.ForEachAsync(keys, new ParallelOptions { MaxDegreeOfParallelism = 32 }, async (k, _) => await cluster.Client.GetGrain<ICounterGrain>(k).AddAsync(1));
        var victim = cluster.Silos[2];
        var ring = ConsistentHashRing.FromSnapshot(victim.Services.GetRequiredService<MembershipService>().Current);
        var affected = keys.Where(k => ring.OwnerOf(GrainId.Create(GrainType.Create("test-counter"), k)).SiloId == victim.SiloId).ToArray();

        var clock = Stopwatch.StartNew();
        await cluster.KillSiloAsync(victim);
        await Task.WhenAll(affected.Select(async k =>
        {
            while (true)
            {
                try
                {
                    await cluster.Client.GetGrain<ICounterGrain>(k).GetAsync();
                    return;
                }
                catch (Runtime.Activation.SiloUnavailableException)
                {
                    await Task.Delay(50);
                }
            }
        }));
        return clock.Elapsed.TotalSeconds;
    }

    // References made once, so the figure is the call, not the proxy's creation.
    private static IProbeGrain[] Probes(IGrainFactory factory, int grains) =>
        Enumerable.Range(0, grains).Select(i => factory.GetGrain<IProbeGrain>($"p{i}")).ToArray();

    private static async Task<double> MedianRateAsync(Func<long, Task> call, int concurrency, TimeSpan window, int runs)
    {
        await RateAsync(call, concurrency, TimeSpan.FromSeconds(1)); // warm-up: activations, connections, JIT
        var rates = new List<double>();
        for (var run = 0; run < runs; run++)
        {
            rates.Add(await RateAsync(call, concurrency, window));
        }

        rates.Sort();
        return rates[rates.Count / 2];
    }

    private static async Task<double> RateAsync(Func<long, Task> call, int concurrency, TimeSpan window)
    {
        long calls = 0;
        var stopAt = Stopwatch.GetTimestamp() + (long)(window.TotalSeconds * Stopwatch.Frequency);
        var started = Stopwatch.GetTimestamp();
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(caller => Task.Run(async () =>
        {
            var n = (long)caller;
            while (Stopwatch.GetTimestamp() < stopAt)
            {
                await call(n);
                n += concurrency;
                Interlocked.Increment(ref calls);
            }
        })));
        return calls / Stopwatch.GetElapsedTime(started).TotalSeconds;
    }

    private static int Option(string[] args, string name, int fallback)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length && int.TryParse(args[index + 1], out var value) ? value : fallback;
    }
}
