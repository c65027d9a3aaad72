using System.Collections.Concurrent;
using OrleansFlows.TestKit.Hosting;
using OrleansFlows.TestKit.Postgres;
using OrleansFlows.TestKit.TestGrains;

namespace OrleansFlows.Runtime.Tests.Cluster;

/// <summary>Silos leaving a cluster under work: killed abruptly, or stopped gracefully while clients keep calling.</summary>
[Collection(PostgresCollection.Name)]
[Trait("Category", "Postgres")]
public sealed class ClusterFailoverTests(PostgresServer server)
{
    private static readonly TimeSpan Period = TimeSpan.FromMilliseconds(300);

    [Fact]
    public async Task Reminders_KeepFiring_AfterTheSiloHoldingTheirGrainsIsKilled()
    {
        await using var store = await TestStore.PostgresAsync(server, nameof(ClusterFailoverTests));
        await using var cluster = await TestCluster.StartAsync(store, silos: 3);
        var keys = Enumerable.Range(0, 12).Select(i => $"reminded-{i}").ToArray();
        foreach (var key in keys)
        {
            await cluster.Client.GetGrain<IReminderTestGrain>(key).RegisterPeriodicAsync("beat", Period, Period);
        }

        await WaitUntilAsync(async () => (await TicksAsync(cluster, keys)).All(t => t > 0), TimeSpan.FromSeconds(15), "every grain ticks once");
        var victim = cluster.Silos[2];
        Assert.True(victim.ActivationCount > 0, "The victim should hold some of the reminded grains.");

        await cluster.KillSiloAsync(victim);
        await Task.Delay(TestCluster.DeathTimeout + TimeSpan.FromSeconds(2));
        var afterDetection = await TicksAsync(cluster, keys);

        await WaitUntilAsync(
            async () => (await TicksAsync(cluster, keys)).Zip(afterDetection).All(p => p.First >= p.Second + 2),
            TimeSpan.FromSeconds(15),
            "every grain ticks twice more after the kill was detected");
    }

    [Fact]
    public async Task GracefulStop_UnderLoad_LosesNoWriteAndFailsNoCall()
    {
        await using var store = await TestStore.PostgresAsync(server, nameof(ClusterFailoverTests));
        await using var cluster = await TestCluster.StartAsync(store, silos: 3);
        var keys = Enumerable.Range(0, 40).Select(i => $"loaded-{i}").ToArray();
        var acknowledged = new ConcurrentDictionary<string, int>();
        var failures = new ConcurrentQueue<Exception>();
        using var stop = new CancellationTokenSource();

        var workers = Enumerable.Range(0, 8).Select(w => Task.Run(async () =>
        {
            var random = new Random(w);
            while (!stop.IsCancellationRequested)
            {
                var key = keys[random.Next(keys.Length)];
                try
                {
                    await cluster.Client.GetGrain<ICounterGrain>(key).AddAsync(1);
                    acknowledged.AddOrUpdate(key, 1, (_, n) => n + 1);
                }
                catch (Exception exception)
                {
                    failures.Enqueue(exception);
                }
            }
        })).ToArray();

        await Task.Delay(1000);
        await cluster.StopSiloAsync(cluster.Silos[0]);
        await Task.Delay(1000);
        await stop.CancelAsync();
        await Task.WhenAll(workers);

        Assert.True(failures.IsEmpty, $"{failures.Count} calls failed; the first: {failures.FirstOrDefault()}");
        Assert.True(acknowledged.Values.Sum() > 100, $"Only {acknowledged.Values.Sum()} calls ran; the load was too light to test anything.");
        foreach (var key in keys)
        {
            Assert.Equal(acknowledged.GetValueOrDefault(key), await cluster.Client.GetGrain<ICounterGrain>(key).GetAsync());
        }
    }

    private static Task<int[]> TicksAsync(TestCluster cluster, string[] keys) =>
        Task.WhenAll(keys.Select(k => cluster.Client.GetGrain<IReminderTestGrain>(k).GetTicksAsync("beat")));

    private static async Task WaitUntilAsync(Func<Task<bool>> condition, TimeSpan timeout, string what)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Timed out after {timeout} waiting until {what}.");
            }

            await Task.Delay(100);
        }
    }
}
