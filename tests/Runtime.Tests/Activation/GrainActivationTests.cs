using OrleansFlows.Runtime.Abstractions;
using OrleansFlows.Runtime.Diagnostics;
using OrleansFlows.Runtime.Identity;
using OrleansFlows.TestKit.Hosting;
using OrleansFlows.TestKit.TestGrains;

namespace OrleansFlows.Runtime.Tests.Activation;

public sealed class GrainActivationTests
{
    [Fact]
    public async Task FirstCalls_ArrivingTogether_AllRunAfterOneOnActivateAsync()
    {
        await using var store = TestStore.Sqlite();
        await using var silo = await TestSilo.StartAsync(store);
        var key = Guid.NewGuid().ToString("N");
        var id = GrainId.Parse($"test-probe/{key}");
        var grain = silo.Grain<IProbeGrain>(key);

        // Each call reports how many activations had completed OnActivateAsync when it ran.
        var seen = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => grain.GetActivationCountAsync()));

        Assert.All(seen, count => Assert.Equal(1, count));
        Assert.Equal(1, silo.Events.Count(RuntimeEvents.Activated, id));
    }

    [Fact]
    public async Task FirstCalls_OnActivateAsyncThrows_AllFailWithItsErrorAndNextCallActivatesAgain()
    {
        await using var store = TestStore.Sqlite();
        await using var silo = await TestSilo.StartAsync(store, runtime: b => b.AddGrain<IFailsFirstActivationGrain, FailsFirstActivationGrain>());
        var key = Guid.NewGuid().ToString("N");
        var id = GrainId.Parse($"test-fails-first-activation/{key}");
        var grain = silo.Grain<IFailsFirstActivationGrain>(key);

        // The first activation holds until all three calls wait on it, so each must fail with its error.
        var failed = Enumerable.Range(0, 3).Select(_ => Assert.ThrowsAsync<InvalidOperationException>(() => grain.GetAttemptsAsync())).ToArray();
        silo.Services.GetProbe().Increment($"{id}/release");
        var errors = await Task.WhenAll(failed);

        Assert.All(errors, e => Assert.Equal($"First activation of {id} fails on purpose.", e.Message));
        await silo.Events.WaitForAsync(RuntimeEvents.ActivationFailed, id, phase: "First activation");
        Assert.Equal(2, await grain.GetAttemptsAsync());
        Assert.Equal(1, silo.Events.Count(RuntimeEvents.Activated, id));
        Assert.Equal(0, silo.Events.Count(RuntimeEvents.Deactivated, id));
    }

    [Fact]
    public async Task DeactivateOnIdle_AfterWrite_DeactivatesAndNextCallReactivatesWithState()
    {
        await using var store = TestStore.Sqlite();
        await using var silo = await TestSilo.StartAsync(store);
        var key = Guid.NewGuid().ToString("N");
        var id = GrainId.Parse($"test-counter/{key}");
        var grain = silo.Grain<ICounterGrain>(key);
        await grain.AddAsync(7);

        await grain.DeactivateAsync();
        await silo.Events.WaitForAsync(RuntimeEvents.Deactivated, id, phase: "DeactivateOnIdle");

        var probe = silo.Services.GetProbe();
        Assert.Equal(1, probe.Get($"{id}/deactivated/Requested"));
        Assert.Equal(nameof(DeactivationReason.Requested), silo.Events.All.Single(e => e.Name == RuntimeEvents.Deactivated && e.GrainId == id).Detail);
        Assert.Equal(7, await grain.GetAsync());
        Assert.Equal(2, probe.Get($"{id}/activated"));
    }

    [Fact]
    public async Task DeactivateOnIdle_WithCallsQueuedAroundIt_EveryCallRunsOnceAndStateStaysConsistent()
    {
        await using var store = TestStore.Sqlite();
        await using var silo = await TestSilo.StartAsync(store);
        var key = Guid.NewGuid().ToString("N");
        var id = GrainId.Parse($"test-counter/{key}");
        var grain = silo.Grain<ICounterGrain>(key);
        await grain.AddAsync(1);

        // Calls queued before the deactivation run on the old activation; later ones wait for it and go to a new one.
        var before = Enumerable.Range(0, 5).Select(_ => grain.AddAsync(1)).ToArray();
        var deactivate = grain.DeactivateAsync();
        var after = Enumerable.Range(0, 5).Select(_ => grain.AddAsync(1)).ToArray();
        var results = await Task.WhenAll(before.Concat(after));
        await deactivate;
        await silo.Events.WaitForAsync(RuntimeEvents.Deactivated, id, phase: "DeactivateOnIdle between queued calls");

        Assert.Equal(Enumerable.Range(2, 10), results.Order());
        Assert.Equal(11, await grain.GetAsync());
        Assert.Equal(1, silo.Events.Count(RuntimeEvents.Deactivated, id));
        Assert.Equal(2, silo.Events.Count(RuntimeEvents.Activated, id));
    }

    [Fact]
    public async Task OnDeactivateAsync_OnDeactivateOnIdle_RunsOnceWithReasonRequested()
    {
        await using var store = TestStore.Sqlite();
        await using var silo = await TestSilo.StartAsync(store);
        var key = Guid.NewGuid().ToString("N");
        var id = GrainId.Parse($"test-probe/{key}");

        await silo.Grain<IProbeGrain>(key).DeactivateAsync();
        await silo.Events.WaitForAsync(RuntimeEvents.Deactivated, id, phase: "DeactivateOnIdle");

        var probe = silo.Services.GetProbe();
        Assert.Equal(1, probe.Get($"{id}/deactivated/Requested"));
        Assert.Equal(0, probe.Get($"{id}/deactivated/IdleCollection"));
    }

    [GrainType("test-fails-first-activation")]
    public interface IFailsFirstActivationGrain : IGrain
    {
        /// <summary>How many activations of this grain were attempted.</summary>
        Task<int> GetAttemptsAsync();
    }

    public sealed class FailsFirstActivationGrain(GrainProbe probe) : Grain, IFailsFirstActivationGrain
    {
        public override async Task OnActivateAsync(CancellationToken cancellationToken)
        {
            await probe.WaitForCountAsync($"{GrainId}/release", 1, TimeSpan.FromSeconds(10), "Activation waiting for release");
            probe.Increment($"{GrainId}/attempts");
            if (probe.Get($"{GrainId}/attempts") == 1)
            {
                throw new InvalidOperationException($"First activation of {GrainId} fails on purpose.");
            }
        }

        public Task<int> GetAttemptsAsync() => Task.FromResult(probe.Get($"{GrainId}/attempts"));
    }
}
