using OrleansFlows.Runtime.Abstractions;
using OrleansFlows.Runtime.Activation;
using OrleansFlows.Runtime.Diagnostics;
using OrleansFlows.Runtime.Identity;
using OrleansFlows.TestKit.Hosting;
using OrleansFlows.TestKit.TestGrains;

namespace OrleansFlows.Runtime.Tests.Activation;

public sealed class CatalogTests
{
    private static readonly TimeSpan NoHangBound = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task Shutdown_WithFiftyWritesInFlight_EveryAcknowledgedWriteIsStored()
    {
        await using var store = TestStore.Sqlite();
        var keys = Enumerable.Range(0, 5).Select(_ => Guid.NewGuid().ToString("N")).ToArray();
        var silo = await TestSilo.StartAsync(store);
        var grains = keys.Select(k => silo.Grain<ICounterGrain>(k)).ToArray();
        var probe = silo.Services.GetProbe();

        var calls = Enumerable.Range(0, 50).Select(i => (Key: keys[i % keys.Length], Call: grains[i % keys.Length].AddAsync(1))).ToArray();
        await silo.DisposeAsync();

        var outcomes = await Task.WhenAll(calls.Select(async c => (c.Key, Outcome: await CaptureAsync(c.Call)))).WaitAsync(NoHangBound);
        Assert.All(outcomes, o => Assert.True(o.Outcome.Exception is null or SiloUnavailableException, $"Call to {o.Key} failed with {o.Outcome.Exception}"));
        await using var restarted = await TestSilo.StartAsync(store);
        foreach (var key in keys)
        {
            var acknowledged = outcomes.Where(o => o.Key == key && o.Outcome.Exception is null).Select(o => o.Outcome.Value).ToArray();
            Assert.Equal(acknowledged.Length, await restarted.Grain<ICounterGrain>(key).GetAsync());
            Assert.Equal(Enumerable.Range(1, acknowledged.Length), acknowledged.Order());
            Assert.Equal(1, probe.Get($"test-counter/{key}/deactivated/{DeactivationReason.ShuttingDown}"));
        }
    }

    [Fact]
    public async Task Shutdown_WhileCallsKeepArriving_NoCallHangsAndEveryAcknowledgedWriteIsStored()
    {
        await using var store = TestStore.Sqlite();
        var silo = await TestSilo.StartAsync(store);
        var factory = silo.Grains;
        var activeKey = Guid.NewGuid().ToString("N");
        await factory.GetGrain<ICounterGrain>(activeKey).AddAsync(0);

        // Calls race the shutdown from another thread: to an active grain, and to new grains that need activating.
        var calls = new List<(string Key, Task<int> Call)>();
        var stop = new CancellationTokenSource();
        var caller = Task.Run(() =>
        {
            while (!stop.IsCancellationRequested && calls.Count < 1_000)
            {
                var newKey = Guid.NewGuid().ToString("N");
                calls.Add((activeKey, factory.GetGrain<ICounterGrain>(activeKey).AddAsync(1)));
                calls.Add((newKey, factory.GetGrain<ICounterGrain>(newKey).AddAsync(1)));
            }
        });
        await silo.DisposeAsync().AsTask().WaitAsync(NoHangBound);
        await stop.CancelAsync();
        await caller.WaitAsync(NoHangBound);

        var outcomes = await Task.WhenAll(calls.Select(async c => (c.Key, Outcome: await CaptureAsync(c.Call)))).WaitAsync(NoHangBound);
        Assert.All(outcomes, o => Assert.True(o.Outcome.Exception is null or SiloUnavailableException, $"Call to {o.Key} failed with {o.Outcome.Exception}"));
        await using var restarted = await TestSilo.StartAsync(store);
        foreach (var group in outcomes.Where(o => o.Outcome.Exception is null).GroupBy(o => o.Key))
        {
            Assert.Equal(group.Count(), await restarted.Grain<ICounterGrain>(group.Key).GetAsync());
        }
    }

    [Fact]
    public async Task Call_AfterShutdown_ThrowsSiloUnavailableExceptionNamingGrain()
    {
        await using var store = TestStore.Sqlite();
        var key = Guid.NewGuid().ToString("N");
        var silo = await TestSilo.StartAsync(store);
        var grain = silo.Grain<ICounterGrain>(key);
        await grain.AddAsync(1);
        await silo.DisposeAsync();

        var exception = await Assert.ThrowsAsync<SiloUnavailableException>(() => grain.AddAsync(1)).WaitAsync(NoHangBound);

        Assert.Equal($"The silo is shutting down and activates no new grains; the call to test-counter/{key} was not run. Retry it.", exception.Message);
        await using var restarted = await TestSilo.StartAsync(store);
        Assert.Equal(1, await restarted.Grain<ICounterGrain>(key).GetAsync());
    }

    [Fact]
    public async Task Shutdown_WithActivations_DeactivatesEachWithReasonShuttingDown()
    {
        await using var store = TestStore.Sqlite();
        var keys = Enumerable.Range(0, 3).Select(_ => Guid.NewGuid().ToString("N")).ToArray();
        var silo = await TestSilo.StartAsync(store);
        foreach (var key in keys)
        {
            await silo.Grain<IProbeGrain>(key).EchoAsync("activate");
        }

        var events = silo.Events;
        var probe = silo.Services.GetProbe();
        await silo.DisposeAsync();

        Assert.All(keys, key =>
        {
            var id = GrainId.Parse($"test-probe/{key}");
            Assert.Equal([nameof(DeactivationReason.ShuttingDown)], events.All.Where(e => e.Name == RuntimeEvents.Deactivated && e.GrainId == id).Select(e => e.Detail));
            Assert.Equal(1, probe.Get($"{id}/deactivated/{DeactivationReason.ShuttingDown}"));
        });
    }

    private static async Task<(int Value, Exception? Exception)> CaptureAsync(Task<int> call)
    {
        try
        {
            return (await call, null);
        }
        catch (Exception exception)
        {
            return (0, exception);
        }
    }
}
