using Npgsql;
using OrleansFlows.TestKit.Hosting;
using OrleansFlows.TestKit.Postgres;

namespace OrleansFlows.Storage.Tests.Persistence;

/// <summary>
/// PostgreSQL going away under a running store: reads and writes fail promptly with a transient
/// <see cref="StorageUnavailableException"/> instead of hanging, nothing is written half way, and the same write
/// succeeds once the server is back. Uses a server of its own, since it stops it.
/// </summary>
[Collection(PostgresCollection.Name)]
[Trait("Category", "Postgres")]
public sealed class PostgresOutageTests
{
    private static readonly TimeSpan Prompt = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task ReadAndWriteState_WhilePostgresDown_ThrowTransientStorageUnavailableExceptionAndRecoverAfterRestart()
    {
        await using var server = await PostgresServer.StartThrowawayAsync();

        // Disposed with the server rather than on its own: the server may be stopped when a test fails.
        var store = await TestStore.PostgresAsync(server, nameof(PostgresOutageTests));
        var rows = await RowStore.OpenAsync(store);
        await using var services = rows.Services;
        var active = RowStore.NewGrainId();
        var fresh = RowStore.NewGrainId();
        var state = RowStore.Counter(1, etag: null);
        state.State!.PendingRows.Add(TestRowsSchema.Upsert(active.ToString(), "first"));
        await rows.Storage.WriteStateAsync(RowStore.StateName, active, state);
        state.State.Count = 2;
        state.State.PendingRows.Add(TestRowsSchema.Upsert(active.ToString(), "second"));
        await rows.Storage.WriteStateAsync(RowStore.StateName, active, state);

        await server.StopAsync();

        state.State.Count = 3;
        state.State.PendingRows.Add(TestRowsSchema.Upsert(active.ToString(), "third"));
        var write = await Assert.ThrowsAsync<StorageUnavailableException>(
            () => rows.Storage.WriteStateAsync(RowStore.StateName, active, state).WaitAsync(Prompt));
        Assert.StartsWith($"Writing state 'state' of {active} failed on PostgreSQL database '", write.Message, StringComparison.Ordinal);
        Assert.True(write.IsTransient, write.Message);
        var read = await Assert.ThrowsAsync<StorageUnavailableException>(() => rows.ReadAsync(fresh).WaitAsync(Prompt));
        Assert.StartsWith($"Reading state 'state' of {fresh} failed on PostgreSQL database '", read.Message, StringComparison.Ordinal);
        Assert.True(read.IsTransient, read.Message);
        Assert.False(await rows.Services.Bootstrap.PingAsync(CancellationToken.None).WaitAsync(Prompt));
        Assert.Equal("2", state.ETag);
        Assert.Single(state.State.PendingRows);

        await server.StartAsync();

        // The raw reads below go through Npgsql's shared pool, whose idle connections the outage broke.
        NpgsqlConnection.ClearAllPools();

        // The failed write left nothing behind; retried as it was, it commits state and rows together.
        var stored = await rows.ReadAsync(active);
        Assert.Equal(2, stored.State!.Count);
        Assert.Equal("2", stored.ETag);
        Assert.Equal("second", await TestRowsSchema.ValueAsync(store, active.ToString()));
        await rows.Storage.WriteStateAsync(RowStore.StateName, active, state);
        Assert.Equal("3", state.ETag);
        Assert.Equal("third", await TestRowsSchema.ValueAsync(store, active.ToString()));
        Assert.Equal(3, (await rows.ReadAsync(active)).State!.Count);
        Assert.True(await rows.Services.Bootstrap.PingAsync(CancellationToken.None));
    }
}
