using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using OrleansFlows.Storage.Tests.Persistence;
using OrleansFlows.TestKit;
using OrleansFlows.TestKit.Hosting;
using OrleansFlows.TestKit.Postgres;

namespace OrleansFlows.Storage.Tests.Hosting;

/// <summary>The bootstrap on PostgreSQL, where several silos of a cluster start at once on one database.</summary>
[Collection(PostgresCollection.Name)]
[Trait("Category", "Postgres")]
public sealed class PostgresStoreBootstrapTests(PostgresServer server) : StoreBootstrapContractTests
{
    protected override Task<TestStore> CreateStoreAsync() => TestStore.PostgresAsync(server, nameof(PostgresStoreBootstrapTests));

    [Fact]
    public async Task InitializeAsync_ConcurrentlyOnFreshDatabase_AllSucceed()
    {
        await using var store = await CreateStoreAsync();
        var providers = Enumerable.Range(0, 6).Select(_ => BuildStoreServices(store)).ToArray();
        try
        {
            // Built first, so that the schema transactions really overlap. Without the advisory lock, concurrent
            // CREATE TABLEs of one schema fail with duplicate-key errors in PostgreSQL's catalog.
            var bootstraps = providers.Select(p => p.GetRequiredService<IStoreBootstrap>()).ToArray();
            var go = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var runs = bootstraps.Select(b => Task.Run(async () =>
            {
                await go.Task;
                await b.InitializeAsync(CancellationToken.None);
            })).ToArray();
            go.SetResult();
            await Task.WhenAll(runs).WaitAsync(TimeSpan.FromSeconds(60));

            Assert.Equal(1L, Convert.ToInt64(await store.ScalarAsync("SELECT version FROM schema_version WHERE component = 'runtime'"), CultureInfo.InvariantCulture));
            Assert.Equal(1L, Convert.ToInt64(await store.ScalarAsync("SELECT version FROM schema_version WHERE component = 'orleans'"), CultureInfo.InvariantCulture));
            Assert.Equal(
                1L,
                Convert.ToInt64(await store.ScalarAsync($"SELECT version FROM schema_version WHERE component = '{TestRowsSchema.ComponentName}'"), CultureInfo.InvariantCulture));
        }
        finally
        {
            foreach (var provider in providers)
            {
                await provider.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task InitializeAsync_PostgresUnreachable_ThrowsTransientStorageUnavailableException()
    {
        var port = LoopbackPorts.Free();
        var connectionString = new NpgsqlConnectionStringBuilder
        {
            Host = "127.0.0.1",
            Port = port,
            Database = "orleansflows",
            Username = "postgres",
            Timeout = 5,
        }.ConnectionString;
        await using var provider = new ServiceCollection()
            .AddLogging()
            .AddOrleansFlowsPostgresStore(o => o.ConnectionString = connectionString)
            .BuildServiceProvider();
        var bootstrap = provider.GetRequiredService<IStoreBootstrap>();

        var error = await Assert.ThrowsAsync<StorageUnavailableException>(
            () => bootstrap.InitializeAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30)));

        // Transient: a starting silo waits for such a store with back-off instead of failing at once.
        Assert.StartsWith(
            $"Creating the schema failed on PostgreSQL database 'orleansflows' on 127.0.0.1:{port}: ",
            error.Message,
            StringComparison.Ordinal);
        Assert.True(error.IsTransient, error.Message);
        Assert.IsAssignableFrom<NpgsqlException>(error.InnerException);
        Assert.Equal($"PostgreSQL database 'orleansflows' on 127.0.0.1:{port}", bootstrap.Describe());
        Assert.False(await bootstrap.PingAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30)));
    }

    private static ServiceProvider BuildStoreServices(TestStore store)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        store.AddStore(services);
        services.AddSchema(new TestRowsSchema());
        return services.BuildServiceProvider();
    }
}
