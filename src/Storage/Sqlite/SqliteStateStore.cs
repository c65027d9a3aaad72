using Microsoft.Data.Sqlite;
using Orleans.Storage;
using OrleansFlows.Storage.Rows;

namespace OrleansFlows.Storage.Sqlite;

/// <summary>Grain state in SQLite, versioned; its rows commit in the same transaction on the single writer connection.</summary>
internal sealed class SqliteStateStore(SqliteDatabase database) : IStateStore
{
    public async Task<StoredState?> ReadAsync(string grainId, string stateName, CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = await database.OpenReaderAsync(cancellationToken).ConfigureAwait(false);
            await using var command = database.Command(connection, "SELECT state_json, version FROM grain_state WHERE grain_id = @g AND state_name = @s");
            command.Parameters.AddWithValue("@g", grainId);
            command.Parameters.AddWithValue("@s", stateName);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                return null;
            }

            return new StoredState(reader.IsDBNull(0) ? null : reader.GetString(0), reader.GetInt64(1));
        }
        catch (SqliteException exception)
        {
            throw SqliteErrors.Translate(exception, $"Reading state '{stateName}' of {grainId}", database.DatabasePath);
        }
    }

    public async Task<long> WriteAsync(GrainStateWrite write, CancellationToken cancellationToken)
    {
        try
        {
            var version = await database.WriteAsync((connection, transaction) => WriteInTransactionAsync(connection, transaction, write, cancellationToken), cancellationToken)
                .ConfigureAwait(false);
            StorageMetrics.Transactions.Add(1);
            return version;
        }
        catch (SqliteException exception)
        {
            throw SqliteErrors.Translate(exception, $"Writing state '{write.StateName}' of {write.GrainId}", database.DatabasePath);
        }
    }

    public async Task<IReadOnlyList<WriteOutcome>> WriteGroupAsync(IReadOnlyList<GrainStateWrite> writes, CancellationToken cancellationToken)
    {
        try
        {
            var outcomes = await database.WriteAsync((connection, transaction) => WriteGroupInTransactionAsync(connection, transaction, writes, cancellationToken), cancellationToken)
                .ConfigureAwait(false);
            StorageMetrics.Transactions.Add(1);
            return outcomes;
        }
        catch (SqliteException exception)
        {
            throw SqliteErrors.Translate(exception, $"Writing a group of {writes.Count} grain states", database.DatabasePath);
        }
    }

    /// <summary>Each write under its own savepoint, so a stale write or a failing row undoes only that write.</summary>
    private async Task<IReadOnlyList<WriteOutcome>> WriteGroupInTransactionAsync(SqliteConnection connection, SqliteTransaction transaction, IReadOnlyList<GrainStateWrite> writes, CancellationToken cancellationToken)
    {
        var outcomes = new WriteOutcome[writes.Count];
        for (var i = 0; i < writes.Count; i++)
        {
            await ExecuteAsync(connection, transaction, "SAVEPOINT group_write", cancellationToken).ConfigureAwait(false);
            try
            {
                outcomes[i] = WriteOutcome.Committed(await WriteInTransactionAsync(connection, transaction, writes[i], cancellationToken).ConfigureAwait(false));
                await ExecuteAsync(connection, transaction, "RELEASE group_write", cancellationToken).ConfigureAwait(false);
            }
            catch (Exception exception) when (exception is InconsistentStateException or SqliteException)
            {
                await ExecuteAsync(connection, transaction, "ROLLBACK TO group_write; RELEASE group_write", cancellationToken).ConfigureAwait(false);
                outcomes[i] = WriteOutcome.Failed(exception is SqliteException sqlite
                    ? SqliteErrors.Translate(sqlite, $"Writing state '{writes[i].StateName}' of {writes[i].GrainId}", database.DatabasePath)
                    : exception);
            }
        }

        return outcomes;
    }

    private async Task ExecuteAsync(SqliteConnection connection, SqliteTransaction transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = database.Command(connection, sql, transaction);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task<long> WriteInTransactionAsync(SqliteConnection connection, SqliteTransaction transaction, GrainStateWrite write, CancellationToken cancellationToken)
    {
        var rows = RowStatements.Merge(write.Rows);
        StorageMetrics.StateWrites.Add(1);
        StorageMetrics.Statements.Add(1 + rows.Count);
        var grainId = write.GrainId;
        var sql = write.ExpectedVersion == 0
            ? $"""
               INSERT INTO grain_state (grain_id, state_name, state_type, state_json, version, updated_at)
               VALUES (@g, @s, @t, @j, 1, {SqliteDatabase.NowMs})
               ON CONFLICT (grain_id, state_name) DO NOTHING
               """
            : $"""
               UPDATE grain_state SET state_type = @t, state_json = @j, version = version + 1, updated_at = {SqliteDatabase.NowMs}
               WHERE grain_id = @g AND state_name = @s AND version = @v
               """;
        await using (var command = database.Command(connection, sql, transaction))
        {
            command.Parameters.AddWithValue("@g", grainId);
            command.Parameters.AddWithValue("@s", write.StateName);
            command.Parameters.AddWithValue("@t", write.StateType);
            command.Parameters.AddWithValue("@j", (object?)write.Json ?? DBNull.Value);
            command.Parameters.AddWithValue("@v", write.ExpectedVersion);
            if (await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) != 1)
            {
                var actual = await ReadVersionAsync(connection, transaction, write, cancellationToken).ConfigureAwait(false);
                throw StateConflicts.Create(write, actual);
            }
        }

        foreach (var projection in rows)
        {
            await using var command = database.Command(connection, projection.Sql, transaction);
            foreach (var (name, value) in projection.Parameters)
            {
                command.Parameters.AddWithValue("@" + name, SqliteValues.ToDb(value));
            }

            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        return write.ExpectedVersion + 1;
    }

    private async Task<long?> ReadVersionAsync(SqliteConnection connection, SqliteTransaction transaction, GrainStateWrite write, CancellationToken cancellationToken)
    {
        await using var command = database.Command(connection, "SELECT version FROM grain_state WHERE grain_id = @g AND state_name = @s", transaction);
        command.Parameters.AddWithValue("@g", write.GrainId);
        command.Parameters.AddWithValue("@s", write.StateName);
        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is long version ? version : null;
    }
}
