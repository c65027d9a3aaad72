using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using OrleansFlows.Runtime.Identity;
using OrleansFlows.Runtime.Membership;
using OrleansFlows.Runtime.Persistence;
using OrleansFlows.Runtime.Placement;
using OrleansFlows.TestKit.Hosting;
using OrleansFlows.TestKit.Postgres;
using OrleansFlows.TestKit.TestGrains;

namespace OrleansFlows.Runtime.Tests.Cluster;

/// <summary>A cluster of real silos on one PostgreSQL database: where calls land, and how state follows its owner.</summary>
[Collection(PostgresCollection.Name)]
[Trait("Category", "Postgres")]
public sealed class ClusterCallTests(PostgresServer server)
{
    [Fact]
    public async Task Calls_FromClientAndEverySilo_LandOnTheRingOwner()
    {
        await using var store = await TestStore.PostgresAsync(server, nameof(ClusterCallTests));
        await using var cluster = await TestCluster.StartAsync(store, silos: 3);
        var ring = ConsistentHashRing.FromSnapshot(cluster.Silos[0].Services.GetRequiredService<MembershipService>().Current);
        var used = new HashSet<string>();

        for (var i = 0; i < 30; i++)
        {
            var key = $"probe-{i}";
            var expected = ring.OwnerOf(GrainId.Create(GrainType.Create("test-probe"), key)).SiloId;
            Assert.Equal(expected, await cluster.Client.GetGrain<IProbeGrain>(key).GetSiloIdAsync());
            foreach (var silo in cluster.Silos)
            {
                Assert.Equal(expected, await silo.Grains.GetGrain<IProbeGrain>(key).GetSiloIdAsync());
            }

            used.Add(expected);
        }

        Assert.Equal(3, used.Count);
        Assert.Equal(30, cluster.Silos.Sum(s => s.ActivationCount));
    }

    [Fact]
    public async Task Faults_CrossSilos_AsTheirOwnTypeAndMessage()
    {
        await using var store = await TestStore.PostgresAsync(server, nameof(ClusterCallTests));
        await using var cluster = await TestCluster.StartAsync(store, silos: 2);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => cluster.Client.GetGrain<IProbeGrain>("thrower").ThrowAsync("boom at the owner"));

        Assert.Equal("boom at the owner", error.Message);
    }

    [Fact]
    public async Task State_FollowsItsGrain_WhenSilosJoinAndLeave()
    {
        await using var store = await TestStore.PostgresAsync(server, nameof(ClusterCallTests));
        await using var cluster = await TestCluster.StartAsync(store, silos: 2);
        var keys = Enumerable.Range(0, 40).Select(i => $"counter-{i}").ToArray();
        foreach (var key in keys)
        {
            await cluster.Client.GetGrain<ICounterGrain>(key).AddAsync(1);
        }

        var joined = await cluster.AddSiloAsync();
        foreach (var key in keys)
        {
            Assert.Equal(2, await cluster.Client.GetGrain<ICounterGrain>(key).AddAsync(1));
        }

        Assert.InRange(joined.ActivationCount, 1, keys.Length - 1);

        await cluster.StopSiloAsync(cluster.Silos[0]);
        foreach (var key in keys)
        {
            Assert.Equal(3, await cluster.Client.GetGrain<ICounterGrain>(key).AddAsync(1));
        }

        // Each grain is active on one silo only: the old owners let go when the view changed.
        Assert.Equal(keys.Length, cluster.Silos.Sum(s => s.ActivationCount));
    }

    [Fact]
    public async Task TwoActivations_WhileViewsDisagree_ETagKeepsTheStoredStateSafe()
    {
        await using var store = await TestStore.PostgresAsync(server, nameof(ClusterCallTests));
        await using var cluster = await TestCluster.StartAsync(store, silos: 0);

        // Silo A never refreshes its view on its own, so it goes on believing it is alone after B joins.
        var a = await cluster.AddSiloAsync(m => m.RefreshPeriod = TimeSpan.FromHours(1));
        var b = await cluster.AddSiloAsync(waitForViews: false);
        var viewOfB = ConsistentHashRing.FromSnapshot(b.Services.GetRequiredService<MembershipService>().Current);
        Assert.Single(a.Services.GetRequiredService<MembershipService>().Current.ActiveMembers);
        var key = Enumerable.Range(0, 1000).Select(i => $"raced-{i}")
            .First(k => viewOfB.OwnerOf(GrainId.Create(GrainType.Create("test-counter"), k)).SiloId == b.SiloId);
        var onB = b.Grains.GetGrain<ICounterGrain>(key);
        var onA = a.Grains.GetGrain<ICounterGrain>(key);

        Assert.Equal(10, await onB.AddAsync(10));
        Assert.Equal(11, await onA.AddAsync(1));
        Assert.Equal(2, b.ActivationCount + a.ActivationCount);

        // B's activation holds the state it read before A wrote: its write is refused, and A's write stays.
        await Assert.ThrowsAsync<InconsistentStateException>(() => onB.AddAsync(100));
        Assert.Equal(11, await onB.ReloadAsync());
        Assert.Equal(111, await onB.AddAsync(100));
    }

    [Fact]
    public async Task KilledSilo_ItsGrainsAnswerFromTheSurvivors_WithinTheDetectionBound()
    {
        await using var store = await TestStore.PostgresAsync(server, nameof(ClusterCallTests));
        await using var cluster = await TestCluster.StartAsync(store, silos: 3);
        var keys = Enumerable.Range(0, 30).Select(i => $"survivor-{i}").ToArray();
        foreach (var key in keys)
        {
            await cluster.Client.GetGrain<ICounterGrain>(key).AddAsync(1);
        }

        var victim = cluster.Silos[1];
        Assert.True(victim.ActivationCount > 0, "The victim should hold some of the grains.");
        var clock = Stopwatch.StartNew();
        await cluster.KillSiloAsync(victim);

        var answers = await Task.WhenAll(keys.Select(k => cluster.Client.GetGrain<ICounterGrain>(k).AddAsync(1)));

        clock.Stop();
        Assert.All(answers, value => Assert.Equal(2, value));
        Assert.True(clock.Elapsed < TestCluster.DeathTimeout + TimeSpan.FromSeconds(5), $"Answers took {clock.Elapsed} after the kill.");
        Assert.Equal(keys.Length, cluster.Silos.Sum(s => s.ActivationCount));
    }
}
