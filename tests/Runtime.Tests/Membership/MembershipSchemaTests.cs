using Microsoft.Extensions.DependencyInjection;
using OrleansFlows.Runtime.Hosting;
using OrleansFlows.Runtime.Membership;
using OrleansFlows.Runtime.Persistence;
using OrleansFlows.TestKit.Hosting;
using OrleansFlows.TestKit.Postgres;

namespace OrleansFlows.Runtime.Tests.Membership;

/// <summary>The membership tables, created by the product's schema bootstrap on both providers.</summary>
[Collection(PostgresCollection.Name)]
[Trait("Category", "Postgres")]
public sealed class MembershipSchemaTests(PostgresServer server)
{
    [Fact]
    public async Task Bootstrap_OnPostgres_CreatesMembershipTablesAtVersionOne()
    {
        await using var store = await TestStore.PostgresAsync(server, nameof(MembershipSchemaTests));

        await BootstrapAsync(store);

        Assert.Equal(1L, Convert.ToInt64(await store.ScalarAsync("SELECT version FROM schema_version WHERE component = 'membership'")));
        Assert.Equal(true, await store.ScalarAsync("SELECT to_regclass('cluster_members') IS NOT NULL AND to_regclass('cluster_membership_versions') IS NOT NULL"));
    }

    [Fact]
    public async Task Bootstrap_OnSqlite_CreatesMembershipTablesAtVersionOne()
    {
        await using var store = TestStore.Sqlite();

        await BootstrapAsync(store);

        Assert.Equal(1L, Convert.ToInt64(await store.ScalarAsync("SELECT version FROM schema_version WHERE component = 'membership'")));
        Assert.Equal(2L, Convert.ToInt64(await store.ScalarAsync("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name IN ('cluster_members', 'cluster_membership_versions')")));
        await store.ExecuteAsync("INSERT INTO cluster_members VALUES ('s1', 'c', '127.0.0.1:1', NULL, 'active', 0, 0, 0, NULL, 1)");
    }

    [Fact]
    public async Task Bootstrap_AfterMembersTableDropped_RecreatesIt()
    {
        await using var store = await TestStore.PostgresAsync(server, nameof(MembershipSchemaTests));
        await BootstrapAsync(store);
        await store.ExecuteAsync("DROP TABLE cluster_members");

        await BootstrapAsync(store);

        Assert.Equal(true, await store.ScalarAsync("SELECT to_regclass('cluster_members') IS NOT NULL"));
    }

    [Fact]
    public async Task ClusterMembers_StatusOutsideTheFour_IsRejected()
    {
        await using var store = await TestStore.PostgresAsync(server, nameof(MembershipSchemaTests));
        await BootstrapAsync(store);

        var error = await Assert.ThrowsAsync<Npgsql.PostgresException>(
            () => store.ExecuteAsync("INSERT INTO cluster_members (silo_id, cluster_id, address, status, version) VALUES ('s1', 'c', '127.0.0.1:1', 'sleeping', 1)"));

        Assert.Equal(Npgsql.PostgresErrorCodes.CheckViolation, error.SqlState);
    }

    private static async Task BootstrapAsync(TestStore store)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddOrleansFlowsRuntime(b =>
        {
            store.Configure(b);
            b.AddSchema(new MembershipSchema());
        });
        await using var provider = services.BuildServiceProvider();
        await provider.GetRequiredService<IStoreBootstrap>().InitializeAsync(CancellationToken.None);
    }
}
