using Microsoft.Extensions.DependencyInjection;
using OrleansFlows.Runtime.Hosting;
using OrleansFlows.Runtime.Persistence;
using OrleansFlows.TestKit.Hosting;
using OrleansFlows.TestKit.Postgres;
using OrleansFlows.TestKit.TestGrains;

namespace OrleansFlows.Runtime.Tests.Persistence;

/// <summary>Schema set-up on PostgreSQL, where several silos of a cluster start at once on one database.</summary>
[Collection(PostgresCollection.Name)]
[Trait("Category", "Postgres")]
public sealed class PostgresStoreBootstrapTests(PostgresServer server)
{
    [Fact]
    public async Task Start_SilosConcurrentlyOnFreshDatabase_AllSucceed()
    {
        await using var store = await TestStore.PostgresAsync(server, nameof(PostgresStoreBootstrapTests));

        var starts = Enumerable.Range(0, 3).Select(_ => Task.Run(() => TestSilo.StartAsync(store))).ToArray();
        try
        {
            var silos = await Task.WhenAll(starts);

            var key = TestGrainIds.NewKey();
            Assert.Equal(1, await silos[0].Grain<ICounterGrain>(key).AddAsync(1));
            Assert.Equal(1, await silos[2].Grain<ICounterGrain>(key).GetAsync());
            Assert.Equal(2L, Convert.ToInt64(await store.ScalarAsync("SELECT count(*) FROM schema_version")));
            Assert.Equal(1L, Convert.ToInt64(await store.ScalarAsync("SELECT version FROM schema_version WHERE component = 'runtime'")));
        }
        finally
        {
            foreach (var start in starts.Where(s => s.IsCompletedSuccessfully))
            {
                await (await start).DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task InitializeAsync_ConcurrentlyOnFreshDatabase_AllSucceed()
    {
        await using var store = await TestStore.PostgresAsync(server, nameof(PostgresStoreBootstrapTests));
        var providers = Enumerable.Range(0, 6).Select(_ => BuildStoreServices(store)).ToArray();
        try
        {
            // Built first, so that the schema transactions really overlap. Without the advisory lock, concurrent
            // CREATE TABLEs of one schema fail with duplicate-key errors in PostgreSQL's catalog.
            var bootstraps = providers.Select(p => p.GetRequiredService<IStoreBootstrap>()).ToArray();
            using var go = new ManualResetEventSlim();
            var runs = bootstraps.Select(b => Task.Run(async () =>
            {
                go.Wait();
                await b.InitializeAsync(CancellationToken.None);
            })).ToArray();
            go.Set();
            await Task.WhenAll(runs);

            Assert.Equal(1L, Convert.ToInt64(await store.ScalarAsync("SELECT version FROM schema_version WHERE component = 'runtime'")));
            Assert.Equal(1L, Convert.ToInt64(await store.ScalarAsync("SELECT version FROM schema_version WHERE component = 'test-projection'")));
        }
        finally
        {
            foreach (var provider in providers)
            {
                await provider.DisposeAsync();
            }
        }
    }

    private static ServiceProvider BuildStoreServices(TestStore store)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddOrleansFlowsRuntime(b =>
        {
            store.Configure(b);
            TestGrainRegistration.AddTestGrains(b);
        });
        return services.BuildServiceProvider();
    }
}
