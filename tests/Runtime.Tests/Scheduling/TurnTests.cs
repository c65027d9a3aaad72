using OrleansFlows.TestKit.Hosting;
using OrleansFlows.TestKit.TestGrains;

namespace OrleansFlows.Runtime.Tests.Scheduling;

public sealed class TurnTests
{
    [Fact]
    public async Task Write_TwentyConcurrentCalls_RunOneAtATime()
    {
        await using var store = TestStore.Sqlite();
        await using var silo = await TestSilo.StartAsync(store);
        var key = Guid.NewGuid().ToString("N");
        var grain = silo.Grain<IProbeGrain>(key);

        await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => grain.WriteAsync(TimeSpan.FromMilliseconds(15))));

        var probe = silo.Services.GetProbe();
        Assert.Equal(1, probe.MaxRunning($"test-probe/{key}", "write"));
        Assert.Equal(1, probe.MaxRunning($"test-probe/{key}"));
    }

    [Fact]
    public async Task Read_TwentyConcurrentCalls_Interleave()
    {
        await using var store = TestStore.Sqlite();
        await using var silo = await TestSilo.StartAsync(store);
        var key = Guid.NewGuid().ToString("N");
        var grain = silo.Grain<IProbeGrain>(key);

        await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => grain.ReadAsync(TimeSpan.FromMilliseconds(200))));

        var maxReaders = silo.Services.GetProbe().MaxRunning($"test-probe/{key}", "read");
        Assert.True(maxReaders > 1, $"Read-only calls on test-probe/{key} should interleave; at most {maxReaders} ran at once.");
    }

    [Fact]
    public async Task ReadAndWrite_MixedConcurrentCalls_WriteNeverOverlapsAnyTurn()
    {
        await using var store = TestStore.Sqlite();
        await using var silo = await TestSilo.StartAsync(store);
        var key = Guid.NewGuid().ToString("N");
        var grain = silo.Grain<IProbeGrain>(key);

        await Task.WhenAll(Enumerable.Range(0, 30).Select(i => i % 3 == 0
            ? grain.WriteAsync(TimeSpan.FromMilliseconds(15))
            : grain.ReadAsync(TimeSpan.FromMilliseconds(15))));

        var probe = silo.Services.GetProbe();
        var id = $"test-probe/{key}";
        Assert.Equal(1, probe.MaxRunning(id, "write"));
        Assert.True(
            probe.Get($"{id}/write/mixed") == 0 && probe.Get($"{id}/read/mixed") == 0,
            $"A write overlapped reads on {id}: writes started during reads {probe.Get($"{id}/write/mixed")} times, reads during a write {probe.Get($"{id}/read/mixed")} times.");
    }

    [Fact]
    public async Task Write_QueuedBehindReads_RunsBeforeLaterReads()
    {
        await using var store = TestStore.Sqlite();
        await using var silo = await TestSilo.StartAsync(store);
        var key = Guid.NewGuid().ToString("N");
        var grain = silo.Grain<IProbeGrain>(key);
        await grain.EchoAsync("activate");

        // A stream of reads must not starve a queued write: reads that arrive after it wait for it.
        var firstRead = grain.ReadAsync(TimeSpan.FromMilliseconds(150));
        var write = grain.WriteAsync(TimeSpan.FromMilliseconds(150));
        var laterRead = grain.ReadAsync(TimeSpan.FromMilliseconds(10));

        var firstDone = await Task.WhenAny(write, laterRead);
        await Task.WhenAll(firstRead, write, laterRead);

        Assert.Same(write, firstDone);
        Assert.Equal(1, silo.Services.GetProbe().MaxRunning($"test-probe/{key}"));
    }

    [Fact]
    public async Task Write_OnEightDifferentGrains_RunsInParallel()
    {
        await using var store = TestStore.Sqlite();
        await using var silo = await TestSilo.StartAsync(store);
        var prefix = Guid.NewGuid().ToString("N");

        await Task.WhenAll(Enumerable.Range(0, 8).Select(i => silo.Grain<IProbeGrain>($"{prefix}-{i}").WriteAsync(TimeSpan.FromMilliseconds(200))));

        var probe = silo.Services.GetProbe();
        var maxGrains = probe.MaxKeysRunning();
        Assert.True(maxGrains > 1, $"Turns of different grains should run in parallel; at most {maxGrains} grain(s) ran at once.");
        Assert.All(Enumerable.Range(0, 8), i => Assert.Equal(1, probe.MaxRunning($"test-probe/{prefix}-{i}", "write")));
    }
}
