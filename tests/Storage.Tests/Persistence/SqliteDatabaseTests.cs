using Microsoft.Extensions.Options;
using OrleansFlows.Storage.Sqlite;

namespace OrleansFlows.Storage.Tests.Persistence;

public sealed class SqliteDatabaseTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("orleansflows-sqlite-").FullName;

    [Fact]
    public async Task Dispose_WhileAWriteIsInProgress_LetsTheWriteCommitFirst()
    {
        var database = NewDatabase();
        var inTransaction = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var finish = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        var write = database.WriteAsync(async (connection, transaction) =>
        {
            await Execute(database, connection, transaction, "CREATE TABLE t (v INTEGER); INSERT INTO t VALUES (1);");
            inTransaction.SetResult();
            await finish.Task;
            return 0;
        }, CancellationToken.None);
        await inTransaction.Task.WaitAsync(TimeSpan.FromSeconds(30));

        var dispose = database.DisposeAsync().AsTask();
        await Task.Delay(100);
        Assert.False(dispose.IsCompleted);
        finish.SetResult();
        await write.WaitAsync(TimeSpan.FromSeconds(30));
        await dispose.WaitAsync(TimeSpan.FromSeconds(30));

        await using var reopened = NewDatabase();
        await using var reader = await reopened.OpenReaderAsync(CancellationToken.None);
        using var count = reopened.Command(reader, "SELECT COUNT(*) FROM t");
        Assert.Equal(1L, await count.ExecuteScalarAsync());
    }

    [Fact]
    public async Task Write_AfterDispose_FailsAsUnavailableNamingTheStore()
    {
        var database = NewDatabase();
        await database.DisposeAsync();

        var error = await Assert.ThrowsAsync<StorageUnavailableException>(() =>
            database.WriteAsync((_, _) => Task.FromResult(0), CancellationToken.None));

        Assert.Contains(database.DatabasePath, error.Message, StringComparison.Ordinal);
        Assert.True(error.IsTransient);
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    private SqliteDatabase NewDatabase() =>
        new(Options.Create(new SqliteStoreOptions { DatabasePath = Path.Combine(_folder, "store.db") }));

    private static async Task Execute(SqliteDatabase database, Microsoft.Data.Sqlite.SqliteConnection connection, Microsoft.Data.Sqlite.SqliteTransaction transaction, string sql)
    {
        using var command = database.Command(connection, sql, transaction);
        await command.ExecuteNonQueryAsync();
    }
}
