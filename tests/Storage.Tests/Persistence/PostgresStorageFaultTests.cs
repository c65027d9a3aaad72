using OrleansFlows.TestKit.Hosting;
using OrleansFlows.TestKit.Postgres;

namespace OrleansFlows.Storage.Tests.Persistence;

[Collection(PostgresCollection.Name)]
[Trait("Category", "Postgres")]
public sealed class PostgresStorageFaultTests(PostgresServer server) : StorageFaultContractTests
{
    protected override Task<TestStore> CreateStoreAsync() => TestStore.PostgresAsync(server, nameof(PostgresStorageFaultTests));

    [Fact]
    public async Task WriteState_RowWithNulCharacter_ThrowsStoredValueRejectedNotUnavailableAndWritesNothing()
    {
        await using var rows = await RowStore.OpenAsync(await CreateStoreAsync());
        var id = RowStore.NewGrainId();
        var state = RowStore.Counter(1, etag: null);
        state.State!.PendingRows.Add(TestRowsSchema.Upsert(id.ToString(), "Ada\u0000Lovelace"));

        var error = await Assert.ThrowsAsync<StoredValueRejectedException>(() => rows.Storage.WriteStateAsync(RowStore.StateName, id, state));

        Assert.Contains("refused a value", error.Message, StringComparison.Ordinal);
        Assert.Null(await rows.ReadStoredAsync(id));
        Assert.Null(await TestRowsSchema.ValueAsync(rows.Store, id.ToString()));

        // The store is not "unavailable": the next write goes through.
        var clean = RowStore.Counter(2, etag: null);
        clean.State!.PendingRows.Add(TestRowsSchema.Upsert(id.ToString(), "Ada Lovelace"));
        await rows.Storage.WriteStateAsync(RowStore.StateName, id, clean);
        Assert.Equal("Ada Lovelace", await TestRowsSchema.ValueAsync(rows.Store, id.ToString()));
    }
}
