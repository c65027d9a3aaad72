using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using OrleansFlows.Runtime.Hosting;
using OrleansFlows.Runtime.Membership;
using OrleansFlows.Runtime.Persistence;
using OrleansFlows.TestKit.Hosting;
using OrleansFlows.TestKit.Postgres;

namespace OrleansFlows.Runtime.Tests.Membership;

/// <summary><see cref="MembershipRuntimeBuilderExtensions.UseClusterMembership"/> on real silo hosts: opt-in, PostgreSQL only.</summary>
[Collection(PostgresCollection.Name)]
[Trait("Category", "Postgres")]
public sealed class MembershipHostingTests(PostgresServer server)
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task UseClusterMembership_OnPostgresSilo_JoinsActiveAndLeavesDeadOnStop()
    {
        await using var store = await TestStore.PostgresAsync(server, nameof(MembershipHostingTests));
        var cluster = MembershipDatabase.NewClusterId();
        string siloId;
        await using (var silo = await TestSilo.StartAsync(store, runtime: b => b.UseClusterMembership(o => Fast(o, cluster))))
        {
            var membership = silo.Services.GetRequiredService<MembershipService>();
            siloId = membership.SiloId;
            Assert.True(membership.Current.Shows(siloId, SiloMembershipStatus.Active), $"View after start: {membership.Current}");
            Assert.Equal(1L, Convert.ToInt64(await store.ScalarAsync("SELECT version FROM schema_version WHERE component = 'membership'")));
        }

        Assert.Equal("dead", await store.ScalarAsync($"SELECT status FROM cluster_members WHERE silo_id = '{siloId}'"));
        Assert.Equal(siloId, await store.ScalarAsync($"SELECT declared_dead_by FROM cluster_members WHERE silo_id = '{siloId}'"));
    }

    [Fact]
    public async Task UseClusterMembership_SiloDeclaredDead_StopsTheHost()
    {
        await using var store = await TestStore.PostgresAsync(server, nameof(MembershipHostingTests));
        var cluster = MembershipDatabase.NewClusterId();
        await using var silo = await TestSilo.StartAsync(store, runtime: b => b.UseClusterMembership(o => Fast(o, cluster)));
        var membership = silo.Services.GetRequiredService<MembershipService>();
        var stopping = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        silo.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping.Register(() => stopping.TrySetResult());

        await store.ExecuteAsync($"UPDATE cluster_members SET status = 'dead', declared_dead_by = 'another-silo' WHERE silo_id = '{membership.SiloId}'");

        await stopping.Task.WaitAsync(Bound);
        Assert.Equal(MembershipServicePhase.DeclaredDead, membership.Phase);
    }

    [Fact]
    public async Task UseClusterMembership_OnSqliteSilo_FailsStartNamingPostgres()
    {
        await using var store = TestStore.Sqlite();

        var error = await Assert.ThrowsAsync<InvalidOperationException>(
            () => TestSilo.StartAsync(store, runtime: b => b.UseClusterMembership(o => Fast(o, "c"))));

        Assert.Equal("Cluster membership needs the PostgreSQL store: call UsePostgres. SQLite serves a single silo.", error.Message);
    }

    [Fact]
    public async Task UseClusterMembership_WithInvalidOptions_FailsStartListingEveryProblem()
    {
        await using var store = await TestStore.PostgresAsync(server, nameof(MembershipHostingTests));

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => TestSilo.StartAsync(
            store,
            runtime: b => b.UseClusterMembership(o =>
            {
                o.SiloAddress = "";
                o.DeathTimeout = TimeSpan.FromSeconds(4);
            })));

        Assert.Equal(
            [
                "MembershipOptions.SiloAddress must be the host:port other silos reach this silo on (port 1 to 65535); it is ''.",
                "MembershipOptions.DeathTimeout (00:00:04) must be more than twice HeartbeatPeriod (00:00:02), so that one late heartbeat doesn't kill a silo.",
            ],
            error.Failures);
    }

    [Fact]
    public void UseClusterMembership_Twice_ThrowsInvalidOperationException()
    {
        var services = new ServiceCollection();

        var error = Assert.Throws<InvalidOperationException>(() => services.AddOrleansFlowsRuntime(b =>
        {
            b.UsePostgres(o => o.ConnectionString = "Host=127.0.0.1");
            b.UseClusterMembership(o => Fast(o, "c"));
            b.UseClusterMembership(o => Fast(o, "c"));
        }));

        Assert.Equal("UseClusterMembership was already called for this silo.", error.Message);
    }

    [Fact]
    public async Task DefaultSilo_WithoutUseClusterMembership_HasNoMembershipNorItsTables()
    {
        await using var store = await TestStore.PostgresAsync(server, nameof(MembershipHostingTests));

        await using var silo = await TestSilo.StartAsync(store);

        Assert.Null(silo.Services.GetService<MembershipService>());
        Assert.DoesNotContain(silo.Services.GetServices<ISchemaContributor>(), c => c.Component == "membership");
        Assert.Equal(false, await store.ScalarAsync("SELECT to_regclass('cluster_members') IS NOT NULL"));
    }

    private static void Fast(MembershipOptions options, string clusterId)
    {
        options.ClusterId = clusterId;
        options.SiloAddress = "127.0.0.1:11111";
        options.HeartbeatPeriod = TimeSpan.FromMilliseconds(200);
        options.DeathTimeout = TimeSpan.FromSeconds(1);
        options.RefreshPeriod = TimeSpan.FromMilliseconds(100);
    }
}
