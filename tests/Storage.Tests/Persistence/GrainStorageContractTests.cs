using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;
using OrleansFlows.Storage.Rows;
using OrleansFlows.TestKit.Hosting;

namespace OrleansFlows.Storage.Tests.Persistence;

/// <summary>
/// The row storage's contract, run against each provider: state round-trips as JSON with its version as the ETag, a
/// stale ETag stops the write and keeps the stored state, and the rows a state carries commit with it or not at all.
/// </summary>
public abstract class GrainStorageContractTests : IAsyncLifetime
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

    [Fact]
    public async Task ReadState_NoRecord_ReturnsNewStateWithoutETag()
    {
        var state = await Rows.ReadAsync(RowStore.NewGrainId());

        Assert.NotNull(state.State);
        Assert.Equal(0, state.State.Count);
        Assert.False(state.RecordExists);
        Assert.Null(state.ETag);
    }

    [Fact]
    public async Task WriteState_ThenRead_RoundTripsStateAndVersionETag()
    {
        var id = RowStore.NewGrainId();
        var state = RowStore.Counter(3, etag: null);

        await Rows.Storage.WriteStateAsync(StateName, id, state);

        Assert.Equal("1", state.ETag);
        Assert.True(state.RecordExists);
        var read = await Rows.ReadAsync(id);
        Assert.Equal(3, read.State!.Count);
        Assert.True(read.RecordExists);
        Assert.Equal("1", read.ETag);
        Assert.Equal(nameof(CounterState), await Rows.Store.ScalarAsync($"SELECT state_type FROM grain_state WHERE grain_id = '{id}'"));

        read.State.Count = 8;
        await Rows.Storage.WriteStateAsync(StateName, id, read);

        Assert.Equal("2", read.ETag);
        var again = await Rows.ReadAsync(id);
        Assert.Equal(8, again.State!.Count);
        Assert.Equal("2", again.ETag);
        Assert.Equal(2, (await Rows.ReadStoredAsync(id))!.Version);
    }

    [Fact]
    public async Task WriteState_StateNames_AreStoredApart()
    {
        var id = RowStore.NewGrainId();

        await Rows.Storage.WriteStateAsync("first", id, RowStore.Counter(1, etag: null));
        await Rows.Storage.WriteStateAsync("second", id, RowStore.Counter(2, etag: null));

        var first = new GrainState<CounterState>();
        await Rows.Storage.ReadStateAsync("first", id, first);
        var second = new GrainState<CounterState>();
        await Rows.Storage.ReadStateAsync("second", id, second);
        Assert.Equal(1, first.State!.Count);
        Assert.Equal(2, second.State!.Count);
        Assert.Equal("1", second.ETag);
    }

    [Fact]
    public async Task WriteState_StaleETag_ThrowsInconsistentStateExceptionAndKeepsStoredState()
    {
        var id = RowStore.NewGrainId();
        var current = RowStore.Counter(1, etag: null);
        await Rows.Storage.WriteStateAsync(StateName, id, current);
        current.State!.Count = 2;
        await Rows.Storage.WriteStateAsync(StateName, id, current);
        var stale = RowStore.Counter(99, etag: "1");

        var error = await Assert.ThrowsAsync<InconsistentStateException>(() => Rows.Storage.WriteStateAsync(StateName, id, stale));

        Assert.Equal(
            $"Write of state 'state' of {id} was based on version 1, but the store holds version 2. " +
            "Another activation wrote it since; the stored state was kept. Reload the state and decide again.",
            error.Message);
        Assert.Equal("2", error.StoredEtag);
        Assert.Equal("1", error.CurrentEtag);
        Assert.Equal("1", stale.ETag);
        var read = await Rows.ReadAsync(id);
        Assert.Equal(2, read.State!.Count);
        Assert.Equal("2", read.ETag);
    }

    [Fact]
    public async Task WriteState_NullETagWhenRecordExists_ThrowsInconsistentStateException()
    {
        var id = RowStore.NewGrainId();
        await Rows.Storage.WriteStateAsync(StateName, id, RowStore.Counter(1, etag: null));

        var error = await Assert.ThrowsAsync<InconsistentStateException>(
            () => Rows.Storage.WriteStateAsync(StateName, id, RowStore.Counter(50, etag: null)));

        Assert.Equal(
            $"Write of state 'state' of {id} was based on no stored record, but the store holds version 1. " +
            "Another activation wrote it since; the stored state was kept. Reload the state and decide again.",
            error.Message);
        var read = await Rows.ReadAsync(id);
        Assert.Equal(1, read.State!.Count);
        Assert.Equal("1", read.ETag);
    }

    [Fact]
    public async Task WriteState_ETagWhenNoRecord_ThrowsInconsistentStateException()
    {
        var id = RowStore.NewGrainId();

        var error = await Assert.ThrowsAsync<InconsistentStateException>(
            () => Rows.Storage.WriteStateAsync(StateName, id, RowStore.Counter(1, etag: "3")));

        Assert.Equal(
            $"Write of state 'state' of {id} was based on version 3, but the store holds no record. " +
            "Another activation wrote it since; the stored state was kept. Reload the state and decide again.",
            error.Message);
        Assert.Null(await Rows.ReadStoredAsync(id));
    }

    [Fact]
    public async Task WriteState_WithPendingRows_CommitsRowsWithStateAndClearsThem()
    {
        var id = RowStore.NewGrainId();
        var state = RowStore.Counter(1, etag: null);
        state.State!.PendingRows.Add(TestRowsSchema.Upsert(id.ToString(), "first"));

        await Rows.Storage.WriteStateAsync(StateName, id, state);

        Assert.Empty(state.State.PendingRows);
        Assert.Equal("first", await TestRowsSchema.ValueAsync(Rows.Store, id.ToString()));

        // Rows run in order, in the state's transaction.
        state.State.Count = 2;
        state.State.PendingRows.Add(TestRowsSchema.Upsert(id.ToString(), "second"));
        state.State.PendingRows.Add(TestRowsSchema.Upsert(id.ToString(), "third"));
        await Rows.Storage.WriteStateAsync(StateName, id, state);

        Assert.Empty(state.State.PendingRows);
        Assert.Equal("third", await TestRowsSchema.ValueAsync(Rows.Store, id.ToString()));
        Assert.Equal(2, (await Rows.ReadAsync(id)).State!.Count);
        Assert.Equal(1L, await TestRowsSchema.CountAsync(Rows.Store));
    }

    [Fact]
    public async Task WriteState_WithPendingRows_StoresNoRowsInStateJson()
    {
        var id = RowStore.NewGrainId();
        var state = RowStore.Counter(1, etag: null);
        state.State!.PendingRows.Add(TestRowsSchema.Upsert(id.ToString(), "first"));

        await Rows.Storage.WriteStateAsync(StateName, id, state);

        var json = (await Rows.ReadStoredAsync(id))!.Json!;
        Assert.DoesNotContain("pendingRows", json, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("test_rows", json, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WriteState_FailingRow_RollsBackStateAndRowsAndKeepsPendingRows()
    {
        var id = RowStore.NewGrainId();
        var state = RowStore.Counter(1, etag: null);
        state.State!.PendingRows.Add(TestRowsSchema.Upsert(id.ToString(), "first"));
        await Rows.Storage.WriteStateAsync(StateName, id, state);
        state.State.Count = 2;
        state.State.PendingRows.Add(TestRowsSchema.Upsert(id.ToString(), "second"));
        state.State.PendingRows.Add(TestRowsSchema.Broken(id.ToString()));

        var error = await Assert.ThrowsAsync<StorageUnavailableException>(() => Rows.Storage.WriteStateAsync(StateName, id, state));

        Assert.StartsWith($"Writing state 'state' of {id} failed on ", error.Message, StringComparison.Ordinal);
        Assert.Contains("missing_column", error.Message, StringComparison.Ordinal);
        Assert.False(error.IsTransient);
        Assert.Equal("1", state.ETag);
        Assert.Equal(2, state.State.PendingRows.Count);
        var read = await Rows.ReadAsync(id);
        Assert.Equal(1, read.State!.Count);
        Assert.Equal("1", read.ETag);
        Assert.Equal("first", await TestRowsSchema.ValueAsync(Rows.Store, id.ToString()));

        // The kept rows go with the next write once the broken one is taken out.
        state.State.PendingRows.RemoveAt(1);
        await Rows.Storage.WriteStateAsync(StateName, id, state);

        Assert.Equal("2", state.ETag);
        Assert.Equal("second", await TestRowsSchema.ValueAsync(Rows.Store, id.ToString()));
    }

    [Fact]
    public async Task WriteState_StaleETagWithPendingRows_WritesNoRowsAndKeepsThem()
    {
        var id = RowStore.NewGrainId();
        await Rows.Storage.WriteStateAsync(StateName, id, RowStore.Counter(1, etag: null));
        var stale = RowStore.Counter(2, etag: null);
        stale.State!.PendingRows.Add(TestRowsSchema.Upsert(id.ToString(), "stale"));

        await Assert.ThrowsAsync<InconsistentStateException>(() => Rows.Storage.WriteStateAsync(StateName, id, stale));

        Assert.Single(stale.State.PendingRows);
        Assert.Null(await TestRowsSchema.ValueAsync(Rows.Store, id.ToString()));
        Assert.Equal(1, (await Rows.ReadStoredAsync(id))!.Version);
    }

    [Fact]
    public async Task WriteState_StaleETagWithFailingRow_ThrowsInconsistentStateException()
    {
        var id = RowStore.NewGrainId();
        await Rows.Storage.WriteStateAsync(StateName, id, RowStore.Counter(1, etag: null));
        var stale = RowStore.Counter(2, etag: null);
        stale.State!.PendingRows.Add(TestRowsSchema.Broken(id.ToString()));

        // The conflict is what the grain must react to (reload), whatever its rows would have done.
        await Assert.ThrowsAsync<InconsistentStateException>(() => Rows.Storage.WriteStateAsync(StateName, id, stale));

        Assert.Equal(1, (await Rows.ReadStoredAsync(id))!.Version);
    }

    [Fact]
    public async Task ClearState_AfterWrites_ResetsStateAndKeepsVersionIncreasing()
    {
        var id = RowStore.NewGrainId();
        var state = RowStore.Counter(1, etag: null);
        await Rows.Storage.WriteStateAsync(StateName, id, state);
        await Rows.Storage.WriteStateAsync(StateName, id, state);

        await Rows.Storage.ClearStateAsync(StateName, id, state);

        Assert.Equal(0, state.State!.Count);
        Assert.False(state.RecordExists);
        Assert.Equal("3", state.ETag);
        Assert.Equal(new StoredState(null, 3), await Rows.ReadStoredAsync(id));
        var read = await Rows.ReadAsync(id);
        Assert.Equal(0, read.State!.Count);
        Assert.False(read.RecordExists);
        Assert.Equal("3", read.ETag);

        // A writer that read before the clear is stale, whether it read a record or none.
        var stale = await Assert.ThrowsAsync<InconsistentStateException>(
            () => Rows.Storage.WriteStateAsync(StateName, id, RowStore.Counter(9, etag: "2")));
        Assert.Contains("was based on version 2, but the store holds version 3.", stale.Message, StringComparison.Ordinal);
        var insert = await Assert.ThrowsAsync<InconsistentStateException>(
            () => Rows.Storage.WriteStateAsync(StateName, id, RowStore.Counter(9, etag: null)));
        Assert.Contains("was based on no stored record, but the store holds version 3.", insert.Message, StringComparison.Ordinal);

        read.State.Count = 5;
        await Rows.Storage.WriteStateAsync(StateName, id, read);

        Assert.True(read.RecordExists);
        Assert.Equal("4", read.ETag);
        Assert.Equal(5, (await Rows.ReadAsync(id)).State!.Count);
    }

    [Fact]
    public async Task ClearState_WithPendingRows_CommitsRowsWithTheClear()
    {
        var id = RowStore.NewGrainId();
        var state = RowStore.Counter(1, etag: null);
        await Rows.Storage.WriteStateAsync(StateName, id, state);
        state.State!.PendingRows.Add(TestRowsSchema.Upsert(id.ToString(), "cleared"));

        await Rows.Storage.ClearStateAsync(StateName, id, state);

        Assert.Equal("cleared", await TestRowsSchema.ValueAsync(Rows.Store, id.ToString()));
        Assert.Empty(state.State.PendingRows);
        Assert.Equal(new StoredState(null, 2), await Rows.ReadStoredAsync(id));
    }

    [Fact]
    public async Task ClearState_StaleETag_ThrowsInconsistentStateExceptionAndKeepsState()
    {
        var id = RowStore.NewGrainId();
        var current = RowStore.Counter(4, etag: null);
        await Rows.Storage.WriteStateAsync(StateName, id, current);
        await Rows.Storage.WriteStateAsync(StateName, id, current);
        var stale = RowStore.Counter(4, etag: "1");

        await Assert.ThrowsAsync<InconsistentStateException>(() => Rows.Storage.ClearStateAsync(StateName, id, stale));

        Assert.Equal(4, stale.State!.Count);
        var read = await Rows.ReadAsync(id);
        Assert.True(read.RecordExists);
        Assert.Equal(4, read.State!.Count);
        Assert.Equal("2", read.ETag);
    }

    [Fact]
    public async Task WriteGroup_OneStaleWrite_FailsAloneWithoutItsRowsAndTheOthersCommit()
    {
        var ids = Enumerable.Range(0, 3).Select(_ => RowStore.NewGrainId()).ToArray();
        foreach (var id in ids)
        {
            await Rows.Storage.WriteStateAsync(StateName, id, RowStore.Counter(1, etag: null));
        }

        var writes = ids.Select((id, i) => new GrainStateWrite(
            id.ToString(), StateName, nameof(CounterState), """{"count":2}""", ExpectedVersion: i == 1 ? 7 : 1, [TestRowsSchema.Upsert(id.ToString(), $"group-{i}")])).ToList();

        var outcomes = await Rows.States.WriteGroupAsync(writes, CancellationToken.None);

        Assert.Equal(2, outcomes[0].Version);
        Assert.IsType<InconsistentStateException>(outcomes[1].Error);
        Assert.Equal(2, outcomes[2].Version);
        Assert.Equal("group-0", await TestRowsSchema.ValueAsync(Rows.Store, ids[0].ToString()));
        Assert.Null(await TestRowsSchema.ValueAsync(Rows.Store, ids[1].ToString()));
        Assert.Equal("group-2", await TestRowsSchema.ValueAsync(Rows.Store, ids[2].ToString()));
        Assert.Equal(1, (await Rows.ReadAsync(ids[1])).State!.Count);
        Assert.Equal(2, (await Rows.ReadAsync(ids[2])).State!.Count);
    }

    [Fact]
    public async Task WriteGroup_FirstWritesAndUpdatesMixed_EachKeepsItsOwnVersionCheck()
    {
        var stored = Enumerable.Range(0, 2).Select(_ => RowStore.NewGrainId()).ToArray();
        foreach (var id in stored)
        {
            await Rows.Storage.WriteStateAsync(StateName, id, RowStore.Counter(1, etag: null));
        }

        var fresh = RowStore.NewGrainId();
        var writes = new List<GrainStateWrite>
        {
            new(stored[0].ToString(), StateName, nameof(CounterState), """{"count":2}""", ExpectedVersion: 1, [TestRowsSchema.Upsert(stored[0].ToString(), "updated")]),
            // A first write of a record that exists: stale.
            new(stored[1].ToString(), StateName, nameof(CounterState), """{"count":9}""", ExpectedVersion: 0, [TestRowsSchema.Upsert(stored[1].ToString(), "lost")]),
            new(fresh.ToString(), StateName, nameof(CounterState), """{"count":1}""", ExpectedVersion: 0, [TestRowsSchema.Upsert(fresh.ToString(), "new")]),
            new(fresh.ToString(), "other", nameof(CounterState), """{"count":5}""", ExpectedVersion: 3, []),
        };

        var outcomes = await Rows.States.WriteGroupAsync(writes, CancellationToken.None);

        Assert.Equal(2, outcomes[0].Version);
        Assert.IsType<InconsistentStateException>(outcomes[1].Error);
        Assert.Equal(1, outcomes[2].Version);
        Assert.IsType<InconsistentStateException>(outcomes[3].Error);
        Assert.Equal(2, (await Rows.ReadAsync(stored[0])).State!.Count);
        Assert.Equal(1, (await Rows.ReadAsync(stored[1])).State!.Count);
        Assert.Equal(1, (await Rows.ReadAsync(fresh)).State!.Count);
        Assert.Equal("updated", await TestRowsSchema.ValueAsync(Rows.Store, stored[0].ToString()));
        Assert.Null(await TestRowsSchema.ValueAsync(Rows.Store, stored[1].ToString()));
        Assert.Equal("new", await TestRowsSchema.ValueAsync(Rows.Store, fresh.ToString()));
    }

    [Fact]
    public async Task WriteGroup_OneFailingRow_FailsThatWriteAloneAndTheOthersCommit()
    {
        var ids = Enumerable.Range(0, 3).Select(_ => RowStore.NewGrainId()).ToArray();
        var writes = ids.Select((id, i) => new GrainStateWrite(
            id.ToString(), StateName, nameof(CounterState), """{"count":1}""", ExpectedVersion: 0,
            i == 1 ? [TestRowsSchema.Broken(id.ToString())] : [TestRowsSchema.Upsert(id.ToString(), $"group-{i}")])).ToList();

        var outcomes = await Rows.States.WriteGroupAsync(writes, CancellationToken.None);

        Assert.Null(outcomes[0].Error);
        Assert.IsAssignableFrom<StorageException>(outcomes[1].Error);
        Assert.Null(outcomes[2].Error);
        Assert.False((await Rows.ReadAsync(ids[1])).RecordExists);
        Assert.Equal(2L, await TestRowsSchema.CountAsync(Rows.Store));
    }

    [Fact]
    public async Task WriteGroup_DescribedRowsOfManyWrites_MeetTheirConflictRulesInWriteOrder()
    {
        var ids = Enumerable.Range(0, 3).Select(_ => RowStore.NewGrainId()).ToArray();
        var replaced = RowStore.NewGrainId().ToString();
        var ignored = RowStore.NewGrainId().ToString();
        var tally = RowStore.NewGrainId().ToString();
        var writes = ids.Select((id, i) => new GrainStateWrite(
            id.ToString(), StateName, nameof(CounterState), """{"count":1}""", ExpectedVersion: 0,
            [
                TestRowsSchema.Insert(id.ToString(), $"own-{i}", RowConflict.Fail),
                TestRowsSchema.Insert(replaced, $"replace-{i}", RowConflict.Replace),
                TestRowsSchema.Tally(tally, i + 1),
                TestRowsSchema.Insert(ignored, $"ignore-{i}", RowConflict.Ignore),
                TestRowsSchema.Tally(tally, 10),
            ])).ToList();

        var outcomes = await Rows.States.WriteGroupAsync(writes, CancellationToken.None);

        Assert.All(outcomes, o => Assert.Null(o.Error));
        var own = await Task.WhenAll(ids.Select(id => TestRowsSchema.ValueAsync(Rows.Store, id.ToString())));
        Assert.Equal(new[] { "own-0", "own-1", "own-2" }, own.Select(v => v ?? "(none)"));
        Assert.Equal("replace-2", await TestRowsSchema.ValueAsync(Rows.Store, replaced));
        Assert.Equal("ignore-0", await TestRowsSchema.ValueAsync(Rows.Store, ignored));
        Assert.Equal(1 + 2 + 3 + 30, await TestRowsSchema.TotalAsync(Rows.Store, tally));
    }

    [Fact]
    public async Task WriteState_DescribedRowsMeetStoredRows_ConflictRulesApplyToTheStoredRow()
    {
        var id = RowStore.NewGrainId();
        var tally = RowStore.NewGrainId().ToString();
        var first = RowStore.Counter(1, etag: null);
        first.State!.PendingRows.AddRange([TestRowsSchema.Insert(id.ToString(), "first", RowConflict.Fail), TestRowsSchema.Tally(tally, 5)]);
        await Rows.Storage.WriteStateAsync(StateName, id, first);

        var second = RowStore.Counter(2, etag: first.ETag);
        second.State!.PendingRows.AddRange([TestRowsSchema.Insert(id.ToString(), "ignored", RowConflict.Ignore), TestRowsSchema.Tally(tally, 2), TestRowsSchema.Tally(tally, 3)]);
        await Rows.Storage.WriteStateAsync(StateName, id, second);
        Assert.Equal("first", await TestRowsSchema.ValueAsync(Rows.Store, id.ToString()));
        Assert.Equal(10, await TestRowsSchema.TotalAsync(Rows.Store, tally));

        var third = RowStore.Counter(3, etag: second.ETag);
        third.State!.PendingRows.Add(TestRowsSchema.Insert(id.ToString(), "again", RowConflict.Fail));
        await Assert.ThrowsAnyAsync<StorageException>(() => Rows.Storage.WriteStateAsync(StateName, id, third));
        Assert.Equal(2, (await Rows.ReadAsync(id)).State!.Count);
    }

    [Fact]
    public async Task WriteState_ManyGrainsAtOnce_ShareTransactionsAndEveryWriteCommits()
    {
        var committer = Rows.Services.Services.GetRequiredService<GroupCommitter>();
        var groupsBefore = committer.Groups;
        var ids = Enumerable.Range(0, 60).Select(_ => RowStore.NewGrainId()).ToArray();

        await Task.WhenAll(ids.Select(async id =>
        {
            var state = RowStore.Counter(1, etag: null);
            state.State!.PendingRows.Add(TestRowsSchema.Upsert(id.ToString(), "together"));
            await Rows.Storage.WriteStateAsync(StateName, id, state);
        }));

        Assert.Equal(60L, await TestRowsSchema.CountAsync(Rows.Store));
        Assert.All(await Task.WhenAll(ids.Select(Rows.ReadAsync)), read => Assert.Equal("1", read.ETag));
        var groups = committer.Groups - groupsBefore;
        Assert.InRange(groups, 1, 59); // one group per write would be 60: group commit shares transactions
    }
}
