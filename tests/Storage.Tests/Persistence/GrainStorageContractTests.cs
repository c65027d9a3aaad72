using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using OrleansFlows.Runtime.Diagnostics;
using OrleansFlows.Runtime.Identity;
using OrleansFlows.Runtime.Persistence;
using OrleansFlows.Runtime.Reminders;
using OrleansFlows.TestKit.Hosting;
using OrleansFlows.TestKit.TestGrains;

namespace OrleansFlows.Runtime.Tests.Persistence;

/// <summary>
/// The persistence contract (DESIGN.md, runtime contract points 3 and 4), run against each provider: state is loaded on
/// activation and written only when the grain asks, versions stop stale writers, one write commits state, reminders and
/// projection rows together, and the schema bootstrap is idempotent and versioned.
/// </summary>
public abstract class GrainStorageContractTests
{
    private const string StateName = "state";

    /// <summary>A new, empty store of the provider under test; each test gets its own.</summary>
    protected abstract Task<TestStore> CreateStorageAsync();

    [Fact]
    public async Task Activate_WithStoredState_LoadsIt()
    {
        await using var store = await CreateStorageAsync();
        var key = TestGrainIds.NewKey();
        var id = TestGrainIds.Of<ICounterGrain>(key);
        await using var silo = await TestSilo.StartAsync(store);
        await silo.Services.GetRequiredService<IGrainStorage>().WriteAsync(CounterWrite(id, count: 41, expectedVersion: 0), CancellationToken.None);

        var grain = silo.Grain<ICounterGrain>(key);

        Assert.Equal(41, await grain.GetAsync());
        Assert.True(await grain.GetRecordExistsAsync());
        Assert.Equal("1", await grain.GetETagAsync());
    }

    [Fact]
    public async Task Deactivate_AfterChangeInMemoryOnly_StoresNothing()
    {
        await using var store = await CreateStorageAsync();
        var key = TestGrainIds.NewKey();
        var id = TestGrainIds.Of<ICounterGrain>(key);
        await using var silo = await TestSilo.StartAsync(store);
        var grain = silo.Grain<ICounterGrain>(key);

        await grain.AddInMemoryAsync(5);
        Assert.Equal(5, await grain.GetAsync());
        await DeactivateAsync(silo, grain, id);

        Assert.Equal(0L, await RowCountAsync(store, id));
        Assert.Equal(0, silo.Events.Count(RuntimeEvents.StateWritten, id));
        Assert.Equal(0, await grain.GetAsync());
        Assert.False(await grain.GetRecordExistsAsync());
        Assert.Null(await grain.GetETagAsync());
    }

    [Fact]
    public async Task WriteState_WhenGrainAsks_IsStoredWhenItReturns()
    {
        await using var store = await CreateStorageAsync();
        var key = TestGrainIds.NewKey();
        var id = TestGrainIds.Of<ICounterGrain>(key);
        await using var silo = await TestSilo.StartAsync(store);
        var grain = silo.Grain<ICounterGrain>(key);

        await grain.AddInMemoryAsync(3);
        await grain.SaveAsync();

        // Read behind the runtime's back: the write is committed once the call returns.
        Assert.Equal(1L, await RowCountAsync(store, id));
        Assert.Equal(1L, Convert.ToInt64(await store.ScalarAsync($"SELECT version FROM grain_state WHERE grain_id = '{id}'")));
        Assert.Equal(3, CountOf(await ReadAsync(silo, id)));
        Assert.Equal(1, silo.Events.Count(RuntimeEvents.StateWritten, id));

        await DeactivateAsync(silo, grain, id);
        Assert.Equal(3, await grain.GetAsync());
        Assert.Equal("1", await grain.GetETagAsync());
    }

    [Fact]
    public async Task Restart_AfterWrites_StateSurvives()
    {
        await using var store = await CreateStorageAsync();
        var key = TestGrainIds.NewKey();
        await using (var silo = await TestSilo.StartAsync(store))
        {
            var grain = silo.Grain<ICounterGrain>(key);
            await grain.AddAsync(2);
            await grain.AddAsync(5);

            // Unwritten changes die with the silo.
            await grain.AddInMemoryAsync(100);
        }

        await using (var silo = await TestSilo.StartAsync(store))
        {
            var grain = silo.Grain<ICounterGrain>(key);
            Assert.Equal(7, await grain.GetAsync());
            Assert.Equal("2", await grain.GetETagAsync());
            Assert.Equal(8, await grain.AddAsync(1));
        }
    }

    [Fact]
    public async Task WriteAsync_WithStaleExpectedVersion_ThrowsInconsistentStateExceptionAndKeepsNewerState()
    {
        await using var store = await CreateStorageAsync();
        var id = TestGrainIds.Of<ICounterGrain>(TestGrainIds.NewKey());
        await using var silo = await TestSilo.StartAsync(store);
        var storage = silo.Services.GetRequiredService<IGrainStorage>();
        Assert.Equal(1, await storage.WriteAsync(CounterWrite(id, count: 1, expectedVersion: 0), CancellationToken.None));
        Assert.Equal(2, await storage.WriteAsync(CounterWrite(id, count: 2, expectedVersion: 1), CancellationToken.None));

        var error = await Assert.ThrowsAsync<InconsistentStateException>(
            () => storage.WriteAsync(CounterWrite(id, count: 99, expectedVersion: 1), CancellationToken.None));

        Assert.Equal(
            $"Write of state 'state' of {id} was based on version 1, but the store holds version 2. " +
            "Another activation wrote it since; the stored state was kept. Reload the state and decide again.",
            error.Message);
        var stored = await storage.ReadAsync(id, StateName, CancellationToken.None);
        Assert.Equal(2, stored!.Version);
        Assert.Equal(2, CountOf(stored));
    }

    [Fact]
    public async Task WriteAsync_InsertWhenRecordExists_ThrowsInconsistentStateException()
    {
        await using var store = await CreateStorageAsync();
        var id = TestGrainIds.Of<ICounterGrain>(TestGrainIds.NewKey());
        await using var silo = await TestSilo.StartAsync(store);
        var storage = silo.Services.GetRequiredService<IGrainStorage>();
        await storage.WriteAsync(CounterWrite(id, count: 1, expectedVersion: 0), CancellationToken.None);

        var error = await Assert.ThrowsAsync<InconsistentStateException>(
            () => storage.WriteAsync(CounterWrite(id, count: 50, expectedVersion: 0), CancellationToken.None));

        Assert.Equal(
            $"Write of state 'state' of {id} was based on no stored record, but the store holds version 1. " +
            "Another activation wrote it since; the stored state was kept. Reload the state and decide again.",
            error.Message);
        var stored = await storage.ReadAsync(id, StateName, CancellationToken.None);
        Assert.Equal(1, stored!.Version);
        Assert.Equal(1, CountOf(stored));
    }

    [Fact]
    public async Task WriteAsync_UpdateWhenNoRecord_ThrowsInconsistentStateException()
    {
        await using var store = await CreateStorageAsync();
        var id = TestGrainIds.Of<ICounterGrain>(TestGrainIds.NewKey());
        await using var silo = await TestSilo.StartAsync(store);
        var storage = silo.Services.GetRequiredService<IGrainStorage>();

        var error = await Assert.ThrowsAsync<InconsistentStateException>(
            () => storage.WriteAsync(CounterWrite(id, count: 1, expectedVersion: 3), CancellationToken.None));

        Assert.Equal(
            $"Write of state 'state' of {id} was based on version 3, but the store holds no record. " +
            "Another activation wrote it since; the stored state was kept. Reload the state and decide again.",
            error.Message);
        Assert.Null(await storage.ReadAsync(id, StateName, CancellationToken.None));
    }

    [Fact]
    public async Task WriteAsync_WithStaleVersion_CommitsNeitherRemindersNorProjections()
    {
        await using var store = await CreateStorageAsync();
        var id = TestGrainIds.Of<IProjectionTestGrain>(TestGrainIds.NewKey());
        await using var silo = await TestSilo.StartAsync(store);
        var storage = silo.Services.GetRequiredService<IGrainStorage>();
        await storage.WriteAsync(ProjectionWrite(id, "first", expectedVersion: 0, reminders: [], projections: []), CancellationToken.None);

        var stale = ProjectionWrite(
            id,
            "stale",
            expectedVersion: 0,
            reminders: [ReminderChange.OneShot("stale", DateTimeOffset.UtcNow.AddHours(1))],
            projections: [new ProjectionWrite(TestProjectionSchema.Upsert, new Dictionary<string, object?> { ["g"] = id.ToString(), ["v"] = "stale" })]);
        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteAsync(stale, CancellationToken.None));

        Assert.Equal(0L, Convert.ToInt64(await store.ScalarAsync($"SELECT count(*) FROM test_projection WHERE grain_id = '{id}'")));
        Assert.Empty(await silo.Services.GetRequiredService<IReminderTable>().ReadAsync(id, CancellationToken.None));
        Assert.Equal(1, (await storage.ReadAsync(id, StateName, CancellationToken.None))!.Version);
    }

    [Fact]
    public async Task WriteState_FromStaleActivationOnSecondSilo_ThrowsInconsistentStateException()
    {
        await using var store = await CreateStorageAsync();
        var key = TestGrainIds.NewKey();
        var id = TestGrainIds.Of<ICounterGrain>(key);
        await using var first = await TestSilo.StartAsync(store);
        await using var second = await TestSilo.StartAsync(store);

        // Two activations of one grain, as while membership changes: both read version 1, the first writes version 2.
        Assert.Equal(1, await first.Grain<ICounterGrain>(key).AddAsync(1));
        Assert.Equal(1, await second.Grain<ICounterGrain>(key).GetAsync());
        Assert.Equal(11, await first.Grain<ICounterGrain>(key).AddAsync(10));

        var error = await Assert.ThrowsAsync<InconsistentStateException>(() => second.Grain<ICounterGrain>(key).AddAsync(100));

        Assert.Contains($"state 'state' of {id} was based on version 1, but the store holds version 2.", error.Message, StringComparison.Ordinal);
        var stored = await ReadAsync(first, id);
        Assert.Equal(2, stored!.Version);
        Assert.Equal(11, CountOf(stored));
        Assert.Equal(11, await second.Grain<ICounterGrain>(key).ReloadAsync());
        Assert.Equal(12, await second.Grain<ICounterGrain>(key).AddAsync(1));
    }

    [Fact]
    public async Task ClearState_AfterWrites_ResetsStateAndKeepsVersionIncreasing()
    {
        await using var store = await CreateStorageAsync();
        var key = TestGrainIds.NewKey();
        var id = TestGrainIds.Of<ICounterGrain>(key);
        await using var silo = await TestSilo.StartAsync(store);
        var grain = silo.Grain<ICounterGrain>(key);
        var storage = silo.Services.GetRequiredService<IGrainStorage>();
        await grain.AddAsync(1);
        await grain.AddAsync(1);

        await grain.ClearAsync();

        Assert.False(await grain.GetRecordExistsAsync());
        Assert.Equal(0, await grain.GetAsync());
        Assert.Equal("3", await grain.GetETagAsync());
        Assert.Equal(new StoredState(null, 3), await storage.ReadAsync(id, StateName, CancellationToken.None));

        // A writer that read before the clear is stale, whether it read a record or none.
        var stale = await Assert.ThrowsAsync<InconsistentStateException>(
            () => storage.WriteAsync(CounterWrite(id, count: 9, expectedVersion: 2), CancellationToken.None));
        Assert.Contains("was based on version 2, but the store holds version 3.", stale.Message, StringComparison.Ordinal);
        var insert = await Assert.ThrowsAsync<InconsistentStateException>(
            () => storage.WriteAsync(CounterWrite(id, count: 9, expectedVersion: 0), CancellationToken.None));
        Assert.Contains("was based on no stored record, but the store holds version 3.", insert.Message, StringComparison.Ordinal);

        await DeactivateAsync(silo, grain, id);
        Assert.False(await grain.GetRecordExistsAsync());
        Assert.Equal(0, await grain.GetAsync());
        Assert.Equal(5, await grain.AddAsync(5));
        Assert.True(await grain.GetRecordExistsAsync());
        Assert.Equal("4", await grain.GetETagAsync());
    }

    [Fact]
    public async Task WriteStateWithBatch_WhenAllSucceed_CommitsStateReminderAndProjection()
    {
        await using var store = await CreateStorageAsync();
        var key = TestGrainIds.NewKey();
        var id = TestGrainIds.Of<IProjectionTestGrain>(key);
        var firstDue = WholeMilliseconds(DateTimeOffset.UtcNow.AddHours(1));
        var secondDue = firstDue.AddHours(1);
        await using var silo = await TestSilo.StartAsync(store);
        var grain = silo.Grain<IProjectionTestGrain>(key);

        await grain.SetAsync("first", firstDue);
        await AssertProjectionStoreAsync(store, silo, id, "first", firstDue, version: 1);

        await grain.SetAsync("second", secondDue);
        await AssertProjectionStoreAsync(store, silo, id, "second", secondDue, version: 2);
    }

    [Fact]
    public async Task WriteStateWithBatch_WhenProjectionFails_CommitsNothing()
    {
        await using var store = await CreateStorageAsync();
        var key = TestGrainIds.NewKey();
        var id = TestGrainIds.Of<IProjectionTestGrain>(key);
        var firstDue = WholeMilliseconds(DateTimeOffset.UtcNow.AddHours(1));
        await using (var silo = await TestSilo.StartAsync(store))
        {
            var grain = silo.Grain<IProjectionTestGrain>(key);
            await grain.SetAsync("first", firstDue);

            var error = await Assert.ThrowsAsync<StorageUnavailableException>(() => grain.SetWithBrokenProjectionAsync("second", firstDue.AddHours(1)));

            Assert.StartsWith($"Writing state 'state' of {id} failed on ", error.Message, StringComparison.Ordinal);
            Assert.Contains("missing_column", error.Message, StringComparison.Ordinal);
            Assert.False(error.IsTransient);
            Assert.Equal("first", await grain.GetAsync());
            Assert.Equal("first", await grain.ReloadAsync());
            await AssertProjectionStoreAsync(store, silo, id, "first", firstDue, version: 1);
        }

        await using (var silo = await TestSilo.StartAsync(store))
        {
            Assert.Equal("first", await silo.Grain<IProjectionTestGrain>(key).GetAsync());
            await AssertProjectionStoreAsync(store, silo, id, "first", firstDue, version: 1);
        }
    }

    [Fact]
    public async Task Start_SecondSiloOnSameStore_ReusesSchema()
    {
        await using var store = await CreateStorageAsync();
        var key = TestGrainIds.NewKey();
        await using var first = await TestSilo.StartAsync(store);
        await first.Grain<ICounterGrain>(key).AddAsync(3);

        await using var second = await TestSilo.StartAsync(store);

        Assert.Equal(3, await second.Grain<ICounterGrain>(key).GetAsync());
        Assert.Equal(2L, Convert.ToInt64(await store.ScalarAsync("SELECT count(*) FROM schema_version")));
        Assert.Equal(1L, Convert.ToInt64(await store.ScalarAsync("SELECT version FROM schema_version WHERE component = 'runtime'")));
        Assert.Equal(1L, Convert.ToInt64(await store.ScalarAsync("SELECT version FROM schema_version WHERE component = 'test-projection'")));
    }

    [Fact]
    public async Task InitializeAsync_RunTwice_IsIdempotent()
    {
        await using var store = await CreateStorageAsync();
        var key = TestGrainIds.NewKey();
        await using var silo = await TestSilo.StartAsync(store);
        await silo.Grain<ICounterGrain>(key).AddAsync(4);
        var bootstrap = silo.Services.GetRequiredService<IStoreBootstrap>();

        await bootstrap.InitializeAsync(CancellationToken.None);
        await bootstrap.InitializeAsync(CancellationToken.None);

        Assert.True(await bootstrap.PingAsync(CancellationToken.None));
        Assert.Equal(4, await silo.Grain<ICounterGrain>(key).AddAsync(0));
        Assert.Equal(2L, Convert.ToInt64(await store.ScalarAsync("SELECT count(*) FROM schema_version")));
    }

    [Theory]
    [InlineData("runtime")]
    [InlineData("test-projection")]
    public async Task Start_WithSchemaNewerThanBuild_ThrowsStorageSchemaException(string component)
    {
        await using var store = await CreateStorageAsync();
        string description;
        await using (var silo = await TestSilo.StartAsync(store))
        {
            description = silo.Services.GetRequiredService<IStoreBootstrap>().Describe();
        }

        await store.ExecuteAsync($"UPDATE schema_version SET version = 99 WHERE component = '{component}'");

        var error = await Assert.ThrowsAsync<StorageSchemaException>(() => TestSilo.StartAsync(store));

        Assert.Equal($"Schema of '{component}' in {description} is at version 99, newer than this build's 1. Run a newer build.", error.Message);
        Assert.Equal(99L, Convert.ToInt64(await store.ScalarAsync($"SELECT version FROM schema_version WHERE component = '{component}'")));
    }

    private static GrainStateWrite CounterWrite(GrainId id, int count, long expectedVersion) =>
        new(id, StateName, nameof(CounterState), $$"""{"count":{{count}}}""", expectedVersion, [], []);

    private static GrainStateWrite ProjectionWrite(
        GrainId id, string value, long expectedVersion, IReadOnlyList<ReminderChange> reminders, IReadOnlyList<ProjectionWrite> projections) =>
        new(id, StateName, nameof(ProjectionTestState), JsonSerializer.Serialize(new ProjectionTestState { Value = value }), expectedVersion, reminders, projections);

    private static int CountOf(StoredState? stored)
    {
        Assert.NotNull(stored);
        Assert.NotNull(stored.Json);
        using var json = JsonDocument.Parse(stored.Json);
        return json.RootElement.GetProperty("count").GetInt32();
    }

    private static DateTimeOffset WholeMilliseconds(DateTimeOffset instant) => DateTimeOffset.FromUnixTimeMilliseconds(instant.ToUnixTimeMilliseconds());

    private static Task<StoredState?> ReadAsync(TestSilo silo, GrainId id) =>
        silo.Services.GetRequiredService<IGrainStorage>().ReadAsync(id, StateName, CancellationToken.None);

    private static async Task<long> RowCountAsync(TestStore store, GrainId id) =>
        Convert.ToInt64(await store.ScalarAsync($"SELECT count(*) FROM grain_state WHERE grain_id = '{id}'"));

    private static async Task DeactivateAsync(TestSilo silo, ICounterGrain grain, GrainId id)
    {
        var deactivated = silo.Events.WaitForAsync(
            RuntimeEvents.Deactivated, id, silo.Events.Count(RuntimeEvents.Deactivated, id) + 1, phase: $"Deactivating {id}");
        await grain.DeactivateAsync();
        await deactivated;
    }

    private static async Task AssertProjectionStoreAsync(TestStore store, TestSilo silo, GrainId id, string value, DateTimeOffset reminderDueAt, long version)
    {
        var stored = await ReadAsync(silo, id);
        Assert.NotNull(stored);
        Assert.Equal(version, stored.Version);
        Assert.Equal(value, JsonSerializer.Deserialize<ProjectionTestState>(stored.Json!)!.Value);
        Assert.Equal(value, await store.ScalarAsync($"SELECT value FROM test_projection WHERE grain_id = '{id}'"));
        var reminder = Assert.Single(await silo.Services.GetRequiredService<IReminderTable>().ReadAsync(id, CancellationToken.None));
        Assert.Equal(new ReminderEntry(id, ProjectionTestGrain.ReminderName, reminderDueAt, null), reminder);
    }
}
