using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using OrleansFlows.Runtime.Abstractions;
using OrleansFlows.Runtime.Hosting;
using OrleansFlows.Runtime.Identity;
using OrleansFlows.Runtime.Scheduling;
using OrleansFlows.TestKit.Hosting;
using OrleansFlows.TestKit.TestGrains;

namespace OrleansFlows.Runtime.Tests.Scheduling;

public sealed class CallChainTests
{
    // A cycle that waited for its timeout would take this long; failing "at once" means far below it.
    private static readonly TimeSpan LongTimeout = TimeSpan.FromSeconds(20);
    private static readonly TimeSpan FailFastBound = TimeSpan.FromSeconds(5);

    private const string CycleAdvice = "A grain can't call itself or a grain that is waiting on it; break the cycle or do the work outside the turn.";

    [Fact]
    public async Task Call_GrainCallsItself_FailsAtOnceWithCallCycleExceptionNamingChain()
    {
        await using var store = TestStore.Sqlite();
        await using var silo = await StartWithLongTimeoutAsync(store);
        var a = Guid.NewGuid().ToString("N");
        var watch = Stopwatch.StartNew();

        var exception = await Assert.ThrowsAsync<CallCycleException>(() => silo.Grain<IChainGrain>(a).CallSelfAsync());

        Assert.True(watch.Elapsed < FailFastBound, $"The self-call took {watch.Elapsed} to fail; it should fail at once, not near the {LongTimeout} timeout.");
        Assert.Equal(
            $"Call to test-chain/{a} IChainGrain.CallSelfAsync would wait on itself " +
            $"(call chain: test-chain/{a} IChainGrain.CallSelfAsync -> test-chain/{a} IChainGrain.CallSelfAsync). " + CycleAdvice,
            exception.Message);
    }

    [Fact]
    public async Task Call_CycleThroughAnotherGrain_FailsAtOnceWithCallCycleExceptionNamingChain()
    {
        await using var store = TestStore.Sqlite();
        await using var silo = await StartWithLongTimeoutAsync(store);
        var a = Guid.NewGuid().ToString("N");
        var b = Guid.NewGuid().ToString("N");
        var watch = Stopwatch.StartNew();

        var exception = await Assert.ThrowsAsync<CallCycleException>(() => silo.Grain<IChainGrain>(a).CallThroughAsync([b, a]));

        Assert.True(watch.Elapsed < FailFastBound, $"The cycle a -> b -> a took {watch.Elapsed} to fail; it should fail at once, not near the {LongTimeout} timeout.");
        Assert.Equal(
            $"Call to test-chain/{a} IChainGrain.CallThroughAsync would wait on itself " +
            $"(call chain: test-chain/{a} IChainGrain.CallThroughAsync -> test-chain/{b} IChainGrain.CallThroughAsync -> test-chain/{a} IChainGrain.CallThroughAsync). " +
            CycleAdvice,
            exception.Message);
    }

    [Fact]
    public async Task Call_CycleDeeperInChain_FailsAtOnceWithCallCycleException()
    {
        await using var store = TestStore.Sqlite();
        await using var silo = await StartWithLongTimeoutAsync(store);
        var a = Guid.NewGuid().ToString("N");
        var b = Guid.NewGuid().ToString("N");
        var c = Guid.NewGuid().ToString("N");
        var watch = Stopwatch.StartNew();

        var exception = await Assert.ThrowsAsync<CallCycleException>(() => silo.Grain<IChainGrain>(a).CallThroughAsync([b, c, b]));

        Assert.True(watch.Elapsed < FailFastBound, $"The cycle a -> b -> c -> b took {watch.Elapsed} to fail.");
        Assert.StartsWith($"Call to test-chain/{b} IChainGrain.CallThroughAsync would wait on itself", exception.Message, StringComparison.Ordinal);
        Assert.Contains($"-> test-chain/{c} IChainGrain.CallThroughAsync -> test-chain/{b} IChainGrain.CallThroughAsync)", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Call_ChainWithoutCycle_ReturnsEveryGrainVisited()
    {
        await using var store = TestStore.Sqlite();
        await using var silo = await StartWithLongTimeoutAsync(store);

        var visited = await silo.Grain<IChainGrain>("a").CallThroughAsync(["b", "c"]);

        Assert.Equal("a>b>c", visited);
    }

    [Fact]
    public async Task Call_AfterCycleFailed_SameGrainsServeNonCyclicChain()
    {
        await using var store = TestStore.Sqlite();
        await using var silo = await StartWithLongTimeoutAsync(store);
        var a = Guid.NewGuid().ToString("N");
        var b = Guid.NewGuid().ToString("N");
        await Assert.ThrowsAsync<CallCycleException>(() => silo.Grain<IChainGrain>(a).CallThroughAsync([b, a]));

        var visited = await silo.Grain<IChainGrain>(b).CallThroughAsync([a]);

        Assert.Equal($"{b}>{a}", visited);
    }

    [Fact]
    public async Task Call_SameGrainTwiceInSequenceFromOutside_IsNotACycle()
    {
        await using var store = TestStore.Sqlite();
        await using var silo = await StartWithLongTimeoutAsync(store);
        var a = Guid.NewGuid().ToString("N");
        var b = Guid.NewGuid().ToString("N");

        // a calls b, b returns; then b calls a: the first chain must not linger in the caller's context.
        Assert.Equal($"{a}>{b}", await silo.Grain<IChainGrain>(a).CallThroughAsync([b]));
        Assert.Equal($"{b}>{a}", await silo.Grain<IChainGrain>(b).CallThroughAsync([a]));
    }

    [Fact]
    public async Task Call_FromTimerTickToOwnGrain_FailsAtOnceWithCallCycleException()
    {
        await using var store = TestStore.Sqlite();
        await using var silo = await StartWithLongTimeoutAsync(store);
        var key = Guid.NewGuid().ToString("N");
        var id = GrainId.Parse($"test-timer/{key}");
        var grain = silo.Grain<ITimerTestGrain>(key);

        await grain.StartSelfCallingAsync(TimeSpan.Zero);
        await silo.Services.GetProbe().WaitForCountAsync($"{id}/self-call", 1, FailFastBound, "Timer tick calling its own grain");

        var outcome = await grain.GetSelfCallOutcomeAsync();
        Assert.Equal(
            $"CallCycleException: Call to {id} ITimerTestGrain.GetTicksAsync would wait on itself " +
            $"(call chain: {id} timer tick -> {id} ITimerTestGrain.GetTicksAsync). " + CycleAdvice,
            outcome);
    }

    [Fact]
    public async Task Call_FromOnActivateAsyncToOwnGrain_FailsAtOnceWithCallCycleException()
    {
        await using var store = TestStore.Sqlite();
        await using var silo = await TestSilo.StartAsync(
            store,
            services => services.Configure<GrainCallOptions>(o => o.ResponseTimeout = LongTimeout),
            runtime => runtime.AddGrain<ISelfCallingOnActivateGrain, SelfCallingOnActivateGrain>());
        var key = Guid.NewGuid().ToString("N");
        var watch = Stopwatch.StartNew();

        var outcome = await silo.Grain<ISelfCallingOnActivateGrain>(key).GetOutcomeAsync();

        Assert.True(watch.Elapsed < FailFastBound, $"Activation took {watch.Elapsed}; its self-call should fail at once, not near the {LongTimeout} timeout.");
        Assert.Equal(
            $"CallCycleException: Call to test-self-activating/{key} ISelfCallingOnActivateGrain.GetOutcomeAsync would wait on itself " +
            $"(call chain: test-self-activating/{key} activation -> test-self-activating/{key} ISelfCallingOnActivateGrain.GetOutcomeAsync). " + CycleAdvice,
            outcome);
    }

    [Fact]
    public async Task Call_FromReminderTickToOwnGrain_FailsAtOnceWithCallCycleException()
    {
        await using var store = TestStore.Sqlite();
        await using var silo = await TestSilo.StartAsync(
            store,
            services => services.Configure<GrainCallOptions>(o => o.ResponseTimeout = LongTimeout),
            runtime => runtime.AddGrain<ISelfCallingReminderGrain, SelfCallingReminderGrain>());
        var key = Guid.NewGuid().ToString("N");
        var id = GrainId.Parse($"test-self-reminding/{key}");
        var grain = silo.Grain<ISelfCallingReminderGrain>(key);

        await grain.RemindAsync();
        await silo.Services.GetProbe().WaitForCountAsync($"{id}/self-call/{nameof(CallCycleException)}", 1, FailFastBound, "Reminder tick calling its own grain");

        Assert.Equal(0, silo.Services.GetProbe().Get($"{id}/self-call/{nameof(GrainCallTimeoutException)}"));
    }

    [Fact]
    public void ToString_ThreeLinks_ListsOutermostFirst()
    {
        var a = GrainId.Parse("tenant/t1");
        var b = GrainId.Parse("lead/t1/42");
        var chain = CallChain.Extend(CallChain.Extend(CallChain.Extend(null, a, "ITenantGrain.SubmitAsync"), b, "ILeadGrain.StartAsync"), a, "ITenantGrain.CountAsync");

        Assert.Equal("tenant/t1 ITenantGrain.SubmitAsync -> lead/t1/42 ILeadGrain.StartAsync -> tenant/t1 ITenantGrain.CountAsync", chain.ToString());
        Assert.True(chain.Contains(b));
        Assert.False(chain.Contains(GrainId.Parse("lead/t1/43")));
    }

    [GrainType("test-self-activating")]
    public interface ISelfCallingOnActivateGrain : IGrain
    {
        /// <summary>How the self-call made in <c>OnActivateAsync</c> ended.</summary>
        Task<string?> GetOutcomeAsync();
    }

    public sealed class SelfCallingOnActivateGrain : Grain, ISelfCallingOnActivateGrain
    {
        private string? _outcome;

        public override async Task OnActivateAsync(CancellationToken cancellationToken)
        {
            try
            {
                await GrainFactory.GetGrain<ISelfCallingOnActivateGrain>(GrainId.Key).GetOutcomeAsync();
                _outcome = "ok";
            }
            catch (CallCycleException exception)
            {
                _outcome = $"{nameof(CallCycleException)}: {exception.Message}";
            }
        }

        public Task<string?> GetOutcomeAsync() => Task.FromResult(_outcome);
    }

    [GrainType("test-self-reminding")]
    public interface ISelfCallingReminderGrain : IGrain
    {
        /// <summary>Registers a one-shot reminder, due now, whose tick calls this grain through a reference.</summary>
        Task RemindAsync();

        Task PingAsync();
    }

    public sealed class SelfCallingReminderGrain(GrainProbe probe) : Grain, ISelfCallingReminderGrain, IRemindable
    {
        public Task RemindAsync() => RegisterOneShotReminderAsync("self-call", DateTimeOffset.UtcNow);

        public Task PingAsync() => Task.CompletedTask;

        public async Task ReceiveReminderAsync(string reminderName, TickStatus status)
        {
            try
            {
                await GrainFactory.GetGrain<ISelfCallingReminderGrain>(GrainId.Key).PingAsync();
                probe.Increment($"{GrainId}/self-call/ok");
            }
            catch (Exception exception) when (exception is CallCycleException or GrainCallTimeoutException)
            {
                probe.Increment($"{GrainId}/self-call/{exception.GetType().Name}");
            }
        }
    }

    private static Task<TestSilo> StartWithLongTimeoutAsync(TestStore store) =>
        TestSilo.StartAsync(store, services => services.Configure<GrainCallOptions>(o => o.ResponseTimeout = LongTimeout));
}
