using Microsoft.Extensions.DependencyInjection;
using OrleansFlows.Runtime.Abstractions;
using OrleansFlows.Runtime.Diagnostics;
using OrleansFlows.Runtime.Hosting;
using OrleansFlows.Runtime.Identity;
using OrleansFlows.TestKit.Hosting;
using OrleansFlows.TestKit.TestGrains;

namespace OrleansFlows.Runtime.Tests.Timers;

public sealed class GrainTimerTests
{
    private static readonly TimeSpan Period = TimeSpan.FromMilliseconds(30);
    private static readonly TimeSpan WaitBound = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Tick_WhileCallsRun_NeverOverlapsACall()
    {
        await using var store = TestStore.Sqlite();
        await using var silo = await TestSilo.StartAsync(store);
        var key = Guid.NewGuid().ToString("N");
        var id = $"test-timer/{key}";
        var grain = silo.Grain<ITimerTestGrain>(key);
        var probe = silo.Services.GetProbe();
        await grain.StartAsync(TimeSpan.Zero, TimeSpan.FromMilliseconds(5));

        var busy = Enumerable.Range(0, 10).Select(_ => grain.BusyAsync(TimeSpan.FromMilliseconds(25))).ToArray();
        await probe.WaitForCountAsync($"{id}/ticks", 5, WaitBound, "Ticks while calls run");
        await Task.WhenAll(busy);

        Assert.Equal(1, await grain.GetMaxConcurrencyAsync());
        Assert.Equal(1, probe.MaxRunning(id, "tick"));
        Assert.Equal(1, probe.MaxRunning(id, "call"));
    }

    [Fact]
    public async Task Tick_Periodic_CountsUp()
    {
        await using var store = TestStore.Sqlite();
        await using var silo = await TestSilo.StartAsync(store);
        var key = Guid.NewGuid().ToString("N");
        var grain = silo.Grain<ITimerTestGrain>(key);
        var probe = silo.Services.GetProbe();

        await grain.StartAsync(TimeSpan.Zero, Period);
        await probe.WaitForCountAsync($"test-timer/{key}/ticks", 3, WaitBound, "Periodic ticks");

        Assert.True(await grain.GetTicksAsync() >= 3);
        await probe.WaitForCountAsync($"test-timer/{key}/ticks", 5, WaitBound, "More periodic ticks");
        Assert.True(await grain.GetTicksAsync() >= 5);
    }

    [Fact]
    public async Task Tick_WithInfinitePeriod_TicksOnce()
    {
        await using var store = TestStore.Sqlite();
        await using var silo = await TestSilo.StartAsync(store);
        var key = Guid.NewGuid().ToString("N");
        var grain = silo.Grain<ITimerTestGrain>(key);
        var probe = silo.Services.GetProbe();

        await grain.StartAsync(TimeSpan.FromMilliseconds(10), Timeout.InfiniteTimeSpan);
        await probe.WaitForCountAsync($"test-timer/{key}/ticks", 1, WaitBound, "Single tick");
        await WaitForReferenceTicksAsync(silo, ticks: 5);

        Assert.Equal(1, await grain.GetTicksAsync());
    }

    [Fact]
    public async Task Stop_RunningTimer_NoMoreTicks()
    {
        await using var store = TestStore.Sqlite();
        await using var silo = await TestSilo.StartAsync(store);
        var key = Guid.NewGuid().ToString("N");
        var grain = silo.Grain<ITimerTestGrain>(key);
        var probe = silo.Services.GetProbe();
        await grain.StartAsync(TimeSpan.Zero, Period);
        await probe.WaitForCountAsync($"test-timer/{key}/ticks", 2, WaitBound, "Ticks before stop");

        await grain.StopAsync();
        var ticksAtStop = await grain.GetTicksAsync();
        await WaitForReferenceTicksAsync(silo, ticks: 5);

        Assert.Equal(ticksAtStop, await grain.GetTicksAsync());
        Assert.Equal(ticksAtStop, probe.Get($"test-timer/{key}/ticks"));
    }

    [Fact]
    public async Task Deactivate_WithRunningTimer_TimerStopsWithActivation()
    {
        await using var store = TestStore.Sqlite();
        await using var silo = await TestSilo.StartAsync(store);
        var key = Guid.NewGuid().ToString("N");
        var id = GrainId.Parse($"test-timer/{key}");
        var grain = silo.Grain<ITimerTestGrain>(key);
        var probe = silo.Services.GetProbe();
        await grain.StartAsync(TimeSpan.Zero, Period);
        await probe.WaitForCountAsync($"{id}/ticks", 2, WaitBound, "Ticks before deactivation");

        await grain.DeactivateAsync();
        await silo.Events.WaitForAsync(RuntimeEvents.Deactivated, id, phase: "DeactivateOnIdle with a running timer");
        var ticksAtDeactivation = probe.Get($"{id}/ticks");
        await WaitForReferenceTicksAsync(silo, ticks: 5);

        Assert.Equal(ticksAtDeactivation, probe.Get($"{id}/ticks"));
        Assert.Equal(1, silo.Events.Count(RuntimeEvents.Activated, id));
    }

    [Fact]
    public async Task Tick_OnIdleGrain_DoesNotKeepItFromCollectionAndStopsWithIt()
    {
        await using var store = TestStore.Sqlite();
        await using var silo = await TestSilo.StartAsync(store, services => services.Configure<GrainCollectionOptions>(o =>
        {
            o.CollectionAge = TimeSpan.FromMilliseconds(300);
            o.CollectionQuantum = TimeSpan.FromMilliseconds(100);
        }));
        var key = Guid.NewGuid().ToString("N");
        var id = GrainId.Parse($"test-timer/{key}");
        var probe = silo.Services.GetProbe();
        await silo.Grain<ITimerTestGrain>(key).StartAsync(TimeSpan.Zero, Period);

        await silo.Events.WaitForAsync(RuntimeEvents.Deactivated, id, timeout: WaitBound, phase: "Idle collection of a grain whose timer ticks");
        var ticksAtDeactivation = probe.Get($"{id}/ticks");
        await WaitForReferenceTicksAsync(silo, ticks: 5);

        Assert.True(ticksAtDeactivation > 0, "The timer should have ticked before the grain was collected.");
        Assert.Equal(ticksAtDeactivation, probe.Get($"{id}/ticks"));
        Assert.Equal(nameof(DeactivationReason.IdleCollection), silo.Events.All.Single(e => e.Name == RuntimeEvents.Deactivated && e.GrainId == id).Detail);
    }

    [Fact]
    public async Task Start_WithZeroPeriod_ThrowsArgumentOutOfRangeException()
    {
        await using var store = TestStore.Sqlite();
        await using var silo = await TestSilo.StartAsync(store);

        var exception = await Assert.ThrowsAsync<ArgumentOutOfRangeException>(
            () => silo.Grain<ITimerTestGrain>(Guid.NewGuid().ToString("N")).StartAsync(TimeSpan.Zero, TimeSpan.Zero));

        Assert.Equal("period", exception.ParamName);
        Assert.StartsWith("A timer's period must be positive, or infinite for a single tick.", exception.Message, StringComparison.Ordinal);
    }

    /// <summary>
    /// A phase barrier instead of a sleep: a second grain's timer, with the same period, ticks <paramref name="ticks"/>
    /// times, so a stopped timer has had that many chances to tick.
    /// </summary>
    private static async Task WaitForReferenceTicksAsync(TestSilo silo, int ticks)
    {
        var reference = Guid.NewGuid().ToString("N");
        await silo.Grain<ITimerTestGrain>(reference).StartAsync(TimeSpan.Zero, Period);
        await silo.Services.GetProbe().WaitForCountAsync($"test-timer/{reference}/ticks", ticks, WaitBound, "Reference timer ticks");
    }
}
