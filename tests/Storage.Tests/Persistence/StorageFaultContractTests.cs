using System.Text.Json;
using OrleansFlows.TestKit.Hosting;

namespace OrleansFlows.Storage.Tests.Persistence;

/// <summary>
/// How the row storage behaves when the store's contents or schema are damaged: each failure is a storage error with a
/// clear message, nothing is written half way, other records stay readable, and a repair or a schema bootstrap heals it.
/// </summary>
public abstract class StorageFaultContractTests : IAsyncLifetime
{
    private const string StateName = RowStore.StateName;

    private RowStore? _rows;

    private RowStore Rows => _rows ?? throw new InvalidOperationException("The store is opened in InitializeAsync.");

    /// <summary>A new, empty store of the provider under test; each test gets its own.</summary>
    protected abstract Task<TestStore> CreateStoreAsync();

    public async Task InitializeAsync() => _rows = await RowStore.OpenAsync(await CreateStoreAsync());

    public async Task DisposeAsync()
    {
        if (_rows is not null)
        {
            await _rows.DisposeAsync();
        }
    }

    [Theory]
    [InlineData("""{"count":"not a number"}""")]  // a type mismatch, so that the row is valid jsonb on PostgreSQL too
    [InlineData("null")]
    public async Task ReadState_CorruptStateJson_ThrowsCorruptStateExceptionUntilRepaired(string corrupt)
    {
        var id = RowStore.NewGrainId();
        var other = RowStore.NewGrainId();
        await Rows.Storage.WriteStateAsync(StateName, id, RowStore.Counter(4, etag: null));
        await Rows.Storage.WriteStateAsync(StateName, other, RowStore.Counter(1, etag: null));
        await Rows.Store.ExecuteAsync($"UPDATE grain_state SET state_json = '{corrupt}' WHERE grain_id = '{id}'");

        var error = await Assert.ThrowsAsync<CorruptStateException>(() => Rows.ReadAsync(id));

        Assert.StartsWith($"State 'state' of {id} (stored version 1) can't be read as {nameof(CounterState)}: ", error.Message, StringComparison.Ordinal);
        Assert.EndsWith("Repair or delete the row in grain_state; the grain stays unavailable until then.", error.Message, StringComparison.Ordinal);
        Assert.IsAssignableFrom<JsonException>(error.InnerException);
        await Assert.ThrowsAsync<CorruptStateException>(() => Rows.ReadAsync(id));
        Assert.Equal(1, (await Rows.ReadAsync(other)).State!.Count);

        await Rows.Store.ExecuteAsync($$"""UPDATE grain_state SET state_json = '{"count":7}' WHERE grain_id = '{{id}}'""");

        var repaired = await Rows.ReadAsync(id);
        Assert.Equal(7, repaired.State!.Count);
        Assert.Equal("1", repaired.ETag);
        repaired.State.Count = 8;
        await Rows.Storage.WriteStateAsync(StateName, id, repaired);
        Assert.Equal("2", repaired.ETag);
    }

    [Fact]
    public async Task ReadAndWriteState_StateTableDropped_ThrowStorageSchemaExceptionUntilBootstrapRuns()
    {
        var active = RowStore.NewGrainId();
        var fresh = RowStore.NewGrainId();
        var state = RowStore.Counter(1, etag: null);
        await Rows.Storage.WriteStateAsync(StateName, active, state);
        await Rows.Store.ExecuteAsync("DROP TABLE grain_state");
        state.State!.PendingRows.Add(TestRowsSchema.Upsert(active.ToString(), "lost"));

        var write = await Assert.ThrowsAsync<StorageSchemaException>(() => Rows.Storage.WriteStateAsync(StateName, active, state));

        Assert.StartsWith($"Writing state 'state' of {active} failed: a table is missing in ", write.Message, StringComparison.Ordinal);
        Assert.Contains("grain_state", write.Message, StringComparison.Ordinal);
        Assert.EndsWith("Restart the silo to recreate the schema.", write.Message, StringComparison.Ordinal);
        Assert.Equal(0L, await TestRowsSchema.CountAsync(Rows.Store));
        Assert.Single(state.State.PendingRows);
        var read = await Assert.ThrowsAsync<StorageSchemaException>(() => Rows.ReadAsync(fresh));
        Assert.StartsWith($"Reading state 'state' of {fresh} failed: a table is missing in ", read.Message, StringComparison.Ordinal);

        // What a restarting silo does first.
        await Rows.Services.Bootstrap.InitializeAsync(CancellationToken.None);

        Assert.False((await Rows.ReadAsync(active)).RecordExists);
        var again = RowStore.Counter(2, etag: null);
        await Rows.Storage.WriteStateAsync(StateName, fresh, again);
        Assert.Equal("1", again.ETag);
    }

    [Fact]
    public async Task WriteState_RowTableDropped_ThrowsStorageSchemaExceptionAndKeepsState()
    {
        var id = RowStore.NewGrainId();
        var state = RowStore.Counter(1, etag: null);
        await Rows.Storage.WriteStateAsync(StateName, id, state);
        await Rows.Store.ExecuteAsync("DROP TABLE test_rows");
        state.State!.Count = 2;
        state.State.PendingRows.Add(TestRowsSchema.Upsert(id.ToString(), "second"));

        var error = await Assert.ThrowsAsync<StorageSchemaException>(() => Rows.Storage.WriteStateAsync(StateName, id, state));

        Assert.Contains("test_rows", error.Message, StringComparison.Ordinal);
        Assert.Equal(1, (await Rows.ReadAsync(id)).State!.Count);

        await Rows.Services.Bootstrap.InitializeAsync(CancellationToken.None);
        await Rows.Storage.WriteStateAsync(StateName, id, state);

        Assert.Equal("second", await TestRowsSchema.ValueAsync(Rows.Store, id.ToString()));
        Assert.Equal("2", state.ETag);
    }
}
