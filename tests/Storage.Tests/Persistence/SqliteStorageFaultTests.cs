using OrleansFlows.TestKit.Hosting;

namespace OrleansFlows.Storage.Tests.Persistence;

public sealed class SqliteStorageFaultTests : StorageFaultContractTests
{
    protected override Task<TestStore> CreateStoreAsync() => Task.FromResult(TestStore.Sqlite());

    [Fact]
    public async Task WriteState_StoreClosed_ThrowsTransientStorageUnavailableExceptionWithoutRows()
    {
        var store = TestStore.Sqlite();
        var rows = await RowStore.OpenAsync(store);
        var id = RowStore.NewGrainId();
        var state = RowStore.Counter(1, etag: null);
        try
        {
            await rows.Storage.WriteStateAsync(RowStore.StateName, id, state);

            // A silo that stops closes its store; a write that comes later must not block nor half write.
            await rows.Services.DisposeAsync();
            state.State!.PendingRows.Add(TestRowsSchema.Upsert(id.ToString(), "late"));
            var error = await Assert.ThrowsAsync<StorageUnavailableException>(() => rows.Storage.WriteStateAsync(RowStore.StateName, id, state));

            Assert.EndsWith("is closed because the silo is stopping; nothing was written.", error.Message, StringComparison.Ordinal);
            Assert.True(error.IsTransient);
            Assert.Equal("1", state.ETag);
            Assert.Single(state.State.PendingRows);
            Assert.Equal(0L, await TestRowsSchema.CountAsync(store));
            Assert.Equal(1L, Convert.ToInt64(await store.ScalarAsync($"SELECT version FROM grain_state WHERE grain_id = '{id}'")));
        }
        finally
        {
            await store.DisposeAsync();
        }
    }
}
