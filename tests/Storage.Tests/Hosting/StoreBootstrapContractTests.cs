using System.Globalization;
using OrleansFlows.Storage.Tests.Persistence;
using OrleansFlows.TestKit.Hosting;

namespace OrleansFlows.Storage.Tests.Hosting;

/// <summary>
/// The schema bootstrap that a silo runs before it serves, against each provider: idempotent, versioned per component,
/// refusing a schema newer than the build, and recreating a dropped table.
/// </summary>
public abstract class StoreBootstrapContractTests
{
    /// <summary>A new, empty store of the provider under test; each test gets its own.</summary>
    protected abstract Task<TestStore> CreateStoreAsync();

    [Fact]
    public async Task InitializeAsync_RunAgain_KeepsSchemaAndState()
    {
        await using var rows = await RowStore.OpenAsync(await CreateStoreAsync());
        var id = RowStore.NewGrainId();
        await rows.Storage.WriteStateAsync(RowStore.StateName, id, RowStore.Counter(4, etag: null));
        var components = await ScalarAsync(rows.Store, "SELECT count(*) FROM schema_version");

        await rows.Services.Bootstrap.InitializeAsync(CancellationToken.None);
        await rows.Services.Bootstrap.InitializeAsync(CancellationToken.None);

        Assert.True(await rows.Services.Bootstrap.PingAsync(CancellationToken.None));
        Assert.Equal(components, await ScalarAsync(rows.Store, "SELECT count(*) FROM schema_version"));
        Assert.Equal(1L, await ScalarAsync(rows.Store, "SELECT version FROM schema_version WHERE component = 'runtime'"));
        Assert.Equal(1L, await ScalarAsync(rows.Store, $"SELECT version FROM schema_version WHERE component = '{TestRowsSchema.ComponentName}'"));
        var read = await rows.ReadAsync(id);
        Assert.Equal(4, read.State!.Count);
        Assert.Equal("1", read.ETag);
    }

    [Fact]
    public async Task InitializeAsync_SecondServicesOnSameStore_ReuseSchemaAndState()
    {
        await using var first = await RowStore.OpenAsync(await CreateStoreAsync());
        var id = RowStore.NewGrainId();
        await first.Storage.WriteStateAsync(RowStore.StateName, id, RowStore.Counter(3, etag: null));
        var components = await ScalarAsync(first.Store, "SELECT count(*) FROM schema_version");

        await using var second = await StoreServices.CreateAsync(first.Store, new TestRowsSchema());

        Assert.Equal(components, await ScalarAsync(first.Store, "SELECT count(*) FROM schema_version"));
        Assert.Equal(3, (await first.ReadAsync(id)).State!.Count);
    }

    [Theory]
    [InlineData("runtime")]
    [InlineData(TestRowsSchema.ComponentName)]
    public async Task InitializeAsync_SchemaNewerThanBuild_ThrowsStorageSchemaException(string component)
    {
        await using var rows = await RowStore.OpenAsync(await CreateStoreAsync());
        await rows.Store.ExecuteAsync($"UPDATE schema_version SET version = 99 WHERE component = '{component}'");

        var error = await Assert.ThrowsAsync<StorageSchemaException>(() => rows.Services.Bootstrap.InitializeAsync(CancellationToken.None));

        Assert.Equal(
            $"Schema of '{component}' in {rows.Services.Bootstrap.Describe()} is at version 99, newer than this build's 1. Run a newer build.",
            error.Message);
        Assert.Equal(99L, await ScalarAsync(rows.Store, $"SELECT version FROM schema_version WHERE component = '{component}'"));
    }

    [Theory]
    [InlineData("grain_state")]
    [InlineData("test_rows")]
    public async Task InitializeAsync_TableDropped_RecreatesIt(string table)
    {
        await using var rows = await RowStore.OpenAsync(await CreateStoreAsync());
        var id = RowStore.NewGrainId();
        await rows.Storage.WriteStateAsync(RowStore.StateName, id, RowStore.Counter(1, etag: null));
        await rows.Store.ExecuteAsync($"DROP TABLE {table}");

        await rows.Services.Bootstrap.InitializeAsync(CancellationToken.None);

        var state = RowStore.Counter(2, etag: table == "grain_state" ? null : "1");
        state.State!.PendingRows.Add(TestRowsSchema.Upsert(id.ToString(), "after"));
        await rows.Storage.WriteStateAsync(RowStore.StateName, id, state);
        Assert.Equal("after", await TestRowsSchema.ValueAsync(rows.Store, id.ToString()));
        Assert.Equal(2, (await rows.ReadAsync(id)).State!.Count);
    }

    private static async Task<long> ScalarAsync(TestStore store, string sql) =>
        Convert.ToInt64(await store.ScalarAsync(sql), CultureInfo.InvariantCulture);
}
