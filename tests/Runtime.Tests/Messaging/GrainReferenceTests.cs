using OrleansFlows.Runtime.Diagnostics;
using OrleansFlows.Runtime.Identity;
using OrleansFlows.Runtime.Scheduling;
using OrleansFlows.TestKit.Hosting;
using OrleansFlows.TestKit.TestGrains;

namespace OrleansFlows.Runtime.Tests.Messaging;

public sealed class GrainReferenceTests
{
    [Fact]
    public async Task Call_GrainThrows_CallerGetsSameExceptionTypeAndMessage()
    {
        await using var store = TestStore.Sqlite();
        await using var silo = await TestSilo.StartAsync(store);
        var key = Guid.NewGuid().ToString("N");

        var exception = await Assert.ThrowsAsync<InvalidOperationException>(() => silo.Grain<IProbeGrain>(key).ThrowAsync($"order {key} is closed"));

        Assert.Equal($"order {key} is closed", exception.Message);
    }

    [Fact]
    public async Task Call_AfterGrainThrew_SameActivationServesNextCalls()
    {
        await using var store = TestStore.Sqlite();
        await using var silo = await TestSilo.StartAsync(store);
        var key = Guid.NewGuid().ToString("N");
        var id = GrainId.Parse($"test-probe/{key}");
        var grain = silo.Grain<IProbeGrain>(key);
        Assert.Equal("before", await grain.EchoAsync("before"));

        await Assert.ThrowsAsync<InvalidOperationException>(() => grain.ThrowAsync("first"));
        await Assert.ThrowsAsync<InvalidOperationException>(() => grain.ThrowAsync("second"));

        Assert.Equal("after", await grain.EchoAsync("after"));
        Assert.Equal(1, await grain.GetActivationCountAsync());
        Assert.Equal(1, silo.Events.Count(RuntimeEvents.Activated, id));
        Assert.Equal(0, silo.Events.Count(RuntimeEvents.Deactivated, id));
    }

    [Fact]
    public async Task Call_ThrowingWriteAmongConcurrentWrites_FailsOnlyItselfAndKeepsTurnsExclusive()
    {
        await using var store = TestStore.Sqlite();
        await using var silo = await TestSilo.StartAsync(store);
        var key = Guid.NewGuid().ToString("N");
        var grain = silo.Grain<IProbeGrain>(key);

        var writes = Enumerable.Range(0, 6).Select(_ => grain.WriteAsync(TimeSpan.FromMilliseconds(10))).ToArray();
        var failing = grain.ThrowAsync("in the middle");
        var laterWrites = Enumerable.Range(0, 6).Select(_ => grain.WriteAsync(TimeSpan.FromMilliseconds(10))).ToArray();

        await Task.WhenAll(writes.Concat(laterWrites));
        var exception = await Assert.ThrowsAsync<InvalidOperationException>(() => failing);
        Assert.Equal("in the middle", exception.Message);
        Assert.Equal(1, silo.Services.GetProbe().MaxRunning($"test-probe/{key}", "write"));
        Assert.Equal(1, await grain.GetActivationCountAsync());
    }

    [Fact]
    public async Task Call_ExceptionThroughCallChain_ReachesOutermostCallerWithType()
    {
        await using var store = TestStore.Sqlite();
        await using var silo = await TestSilo.StartAsync(store);
        var a = Guid.NewGuid().ToString("N");

        // a -> a fails inside a's turn; the error travels back out of a's method to the test.
        var exception = await Assert.ThrowsAsync<CallCycleException>(() => silo.Grain<IChainGrain>(a).CallThroughAsync([a]));

        Assert.Contains($"test-chain/{a} IChainGrain.CallThroughAsync", exception.Message, StringComparison.Ordinal);
    }
}
