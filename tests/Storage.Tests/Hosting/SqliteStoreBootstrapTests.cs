using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using OrleansFlows.TestKit.Hosting;

namespace OrleansFlows.Storage.Tests.Hosting;

public sealed class SqliteStoreBootstrapTests : StoreBootstrapContractTests
{
    protected override Task<TestStore> CreateStoreAsync() => Task.FromResult(TestStore.Sqlite());

    [Fact]
    public async Task InitializeAsync_FileIsNotADatabase_ThrowsLastingStorageUnavailableException()
    {
        var folder = Directory.CreateTempSubdirectory("orleansflows-garbage-").FullName;
        var path = Path.Combine(folder, "test.db");
        await File.WriteAllTextAsync(path, new string('x', 8192));
        var provider = new ServiceCollection()
            .AddLogging()
            .AddOrleansFlowsSqliteStore(o => o.DatabasePath = path)
            .BuildServiceProvider();
        try
        {
            var bootstrap = provider.GetRequiredService<IStoreBootstrap>();

            var error = await Assert.ThrowsAsync<StorageUnavailableException>(() => bootstrap.InitializeAsync(CancellationToken.None));

            // Not transient: a silo fails start-up at once rather than waiting for the file to become a database.
            Assert.Equal($"Creating the schema failed on SQLite database '{path}': SQLite Error 26: 'file is not a database'.", error.Message);
            Assert.False(error.IsTransient);
            Assert.IsType<SqliteException>(error.InnerException);
            Assert.False(await bootstrap.PingAsync(CancellationToken.None));
        }
        finally
        {
            await provider.DisposeAsync();
            SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }
}
