using Microsoft.Extensions.DependencyInjection;
using OrleansFlows.Runtime.Abstractions;
using OrleansFlows.Runtime.Diagnostics;
using OrleansFlows.Runtime.Hosting;
using OrleansFlows.Runtime.Identity;
using OrleansFlows.TestKit.Hosting;
using OrleansFlows.TestKit.TestGrains;

namespace OrleansFlows.Runtime.Tests.Activation;

public sealed class IdleActivationCollectorTests
{
    [Fact]
    public async Task Collect_IdlePastCollectionAge_DeactivatesAndNextCallReactivatesWithState()
    {
        await using var store = TestStore.Sqlite();
        await using var silo = await StartWithCollectionAsync(store, TimeSpan.FromMilliseconds(200));
        var key = Guid.NewGuid().ToString("N");
        var id = GrainId.Parse($"test-counter/{key}");
        var grain = silo.Grain<ICounterGrain>(key);
        await grain.AddAsync(7);

        await silo.Events.WaitForAsync(RuntimeEvents.Deactivated, id, timeout: TimeSpan.FromSeconds(10), phase: "Idle collection after 200 ms");

        var probe = silo.Services.GetProbe();
        Assert.Equal(1, probe.Get($"{id}/deactivated/{DeactivationReason.IdleCollection}"));
        Assert.Equal(7, await grain.GetAsync());
        Assert.Equal(2, probe.Get($"{id}/activated"));
        Assert.Equal(2, silo.Events.Count(RuntimeEvents.Activated, id));
    }

    [Fact]
    public async Task Collect_GrainKeptBusy_CollectsOnlyTheIdleOne()
    {
        await using var store = TestStore.Sqlite();
        // A generous age: the busy grain is called every few milliseconds, and only a stall this long could fail it.
        await using var silo = await StartWithCollectionAsync(store, TimeSpan.FromSeconds(2));
        var busyKey = Guid.NewGuid().ToString("N");
        var idleKey = Guid.NewGuid().ToString("N");
        var busy = silo.Grain<IProbeGrain>(busyKey);
        await busy.EchoAsync("activate");
        await silo.Grain<IProbeGrain>(idleKey).EchoAsync("activate");

        // The idle grain's collection is the phase barrier: the busy one has been called all along, so it must survive.
        var idleCollected = silo.Events.WaitForAsync(RuntimeEvents.Deactivated, GrainId.Parse($"test-probe/{idleKey}"), timeout: TimeSpan.FromSeconds(10), phase: "Idle grain collection");
        while (!idleCollected.IsCompleted)
        {
            await busy.WriteAsync(TimeSpan.FromMilliseconds(20));
        }

        await idleCollected;
        Assert.Equal(0, silo.Events.Count(RuntimeEvents.Deactivated, GrainId.Parse($"test-probe/{busyKey}")));
        Assert.Equal(1, await busy.GetActivationCountAsync());
    }

    private static Task<TestSilo> StartWithCollectionAsync(TestStore store, TimeSpan age) =>
        TestSilo.StartAsync(store, services => services.Configure<GrainCollectionOptions>(o =>
        {
            o.CollectionAge = age;
            o.CollectionQuantum = TimeSpan.FromMilliseconds(100);
        }));
}
