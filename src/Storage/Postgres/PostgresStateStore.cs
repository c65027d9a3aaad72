using Npgsql;
using NpgsqlTypes;
using Orleans.Storage;
using OrleansFlows.Storage.Rows;

namespace OrleansFlows.Storage.Postgres;

/// <summary>
/// Grain state in PostgreSQL (jsonb, versioned); its rows commit in the same transaction, marked as system work for
/// row-level security (<see cref="RowSecurityScope"/>): a group commit carries the rows of many tenants' grains, and
/// each grain writes only rows keyed by its own tenant.
/// </summary>
internal sealed class PostgresStateStore(PostgresDatabase database) : IStateStore
{
    public async Task<StoredState?> ReadAsync(string grainId, string stateName, CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = await database.DataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            await using var command = database.Command(connection, "SELECT state_json::text, version FROM grain_state WHERE grain_id = @g AND state_name = @s");
            command.Parameters.AddWithValue("g", grainId);
            command.Parameters.AddWithValue("s", stateName);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                return null;
            }

            return new StoredState(reader.IsDBNull(0) ? null : reader.GetString(0), reader.GetInt64(1));
        }
        catch (Exception exception) when (PostgresErrors.IsStoreFailure(exception))
        {
            throw PostgresErrors.Translate(exception, $"Reading state '{stateName}' of {grainId}", database.Description);
        }
    }

    public async Task<long> WriteAsync(GrainStateWrite write, CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = await database.DataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await using var batch = new NpgsqlBatch(connection, transaction) { Timeout = database.CommandTimeoutSeconds };
            batch.BatchCommands.Add(StateCommand(write));
            if (write.Rows.Count > 0)
            {
                batch.BatchCommands.Add(RowSecurityScope.SystemCommand());
            }

            foreach (var projection in RowStatements.Merge(write.Rows))
            {
                batch.BatchCommands.Add(ProjectionCommand(projection));
            }

            try
            {
                await batch.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (PostgresException exception) when (exception.BatchCommand != batch.BatchCommands[0] && batch.BatchCommands[0].RecordsAffected == 0)
            {
                // The batch runs the rows even when the state statement matched nothing. A row that then fails (often
                // because a newer activation already wrote it) must not hide the conflict: it is reported below, as
                // SQLite's store reports it.
            }

            if (batch.BatchCommands[0].RecordsAffected != 1)
            {
                await transaction.RollbackAsync(cancellationToken).ConfigureAwait(false);
                throw StateConflicts.Create(write, await ReadVersionAsync(connection, write, cancellationToken).ConfigureAwait(false));
            }

            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            StorageMetrics.Transactions.Add(1);
            StorageMetrics.StateWrites.Add(1);
            StorageMetrics.Statements.Add(batch.BatchCommands.Count);
            return write.ExpectedVersion + 1;
        }
        catch (Exception exception) when (PostgresErrors.IsStoreFailure(exception))
        {
            throw PostgresErrors.Translate(exception, $"Writing state '{write.StateName}' of {write.GrainId}", database.Description);
        }
    }

    public async Task<IReadOnlyList<WriteOutcome>> WriteGroupAsync(IReadOnlyList<GrainStateWrite> writes, CancellationToken cancellationToken)
    {
        if (await TryWriteGroupAsync(writes, cancellationToken).ConfigureAwait(false) is { } outcomes)
        {
            return outcomes;
        }

        // A statement of the group failed (a row, a deadlock, a constraint) and nothing committed: each write goes
        // again in its own transaction, so only the faulty one fails.
        var single = new WriteOutcome[writes.Count];
        for (var i = 0; i < writes.Count; i++)
        {
            try
            {
                single[i] = WriteOutcome.Committed(await WriteAsync(writes[i], cancellationToken).ConfigureAwait(false));
            }
            catch (Exception exception) when (exception is InconsistentStateException or StorageException)
            {
                single[i] = WriteOutcome.Failed(exception);
            }
        }

        return single;
    }

    /// <summary>
    /// One transaction in three round trips, whatever the group's size: every state statement (each with its own
    /// version check), then the rows of the writes whose check passed, then the commit. Returns null when the group
    /// can't be committed as a whole; then nothing was written.
    /// </summary>
    private async Task<IReadOnlyList<WriteOutcome>?> TryWriteGroupAsync(IReadOnlyList<GrainStateWrite> writes, CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = await database.DataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await using var states = new GroupStateStatements(connection, transaction, writes, database.CommandTimeoutSeconds);
            var passed = await states.ExecuteAsync(cancellationToken).ConfigureAwait(false);
            await using var rows = new NpgsqlBatch(connection, transaction) { Timeout = database.CommandTimeoutSeconds };
            rows.BatchCommands.Add(RowSecurityScope.SystemCommand());

            // The rows of every write whose check passed, merged across the writes: one statement per row shape.
            foreach (var row in RowStatements.Merge(writes.Where((_, i) => passed[i]).SelectMany(w => w.Rows)))
            {
                rows.BatchCommands.Add(ProjectionCommand(row));
            }

            if (rows.BatchCommands.Count > 1)
            {
                await rows.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            StorageMetrics.Transactions.Add(1);
            StorageMetrics.StateWrites.Add(writes.Count);
            StorageMetrics.Statements.Add(states.Statements + (rows.BatchCommands.Count > 1 ? rows.BatchCommands.Count : 0));

            var outcomes = new WriteOutcome[writes.Count];
            for (var i = 0; i < writes.Count; i++)
            {
                outcomes[i] = passed[i]
                    ? WriteOutcome.Committed(writes[i].ExpectedVersion + 1)
                    : WriteOutcome.Failed(StateConflicts.Create(writes[i], await ReadVersionAsync(connection, writes[i], cancellationToken).ConfigureAwait(false)));
            }

            return outcomes;
        }
        catch (PostgresException exception) when (!IsServerGone(exception))
        {
            // A statement of the group failed (a row, a constraint, a deadlock between groups); nothing committed.
            return null;
        }
        catch (Exception exception) when (PostgresErrors.IsStoreFailure(exception))
        {
            throw PostgresErrors.Translate(exception, $"Writing a group of {writes.Count} grain states", database.Description);
        }
    }

    /// <summary>The server is shutting down or the connection failed: the store is down, not this group.</summary>
    private static bool IsServerGone(PostgresException exception) =>
        exception.SqlState.StartsWith("08", StringComparison.Ordinal) || exception.SqlState.StartsWith("57P", StringComparison.Ordinal);

    private static NpgsqlBatchCommand StateCommand(GrainStateWrite write)
    {
        var command = new NpgsqlBatchCommand(write.ExpectedVersion == 0
            ? """
              INSERT INTO grain_state (grain_id, state_name, state_type, state_json, version, updated_at)
              VALUES (@g, @s, @t, @j::jsonb, 1, now())
              ON CONFLICT (grain_id, state_name) DO NOTHING
              """
            : """
              UPDATE grain_state SET state_type = @t, state_json = @j::jsonb, version = version + 1, updated_at = now()
              WHERE grain_id = @g AND state_name = @s AND version = @v
              """);
        command.Parameters.AddWithValue("g", write.GrainId);
        command.Parameters.AddWithValue("s", write.StateName);
        command.Parameters.AddWithValue("t", write.StateType);
        command.Parameters.Add(new NpgsqlParameter("j", NpgsqlDbType.Text) { Value = (object?)write.Json ?? DBNull.Value });
        command.Parameters.AddWithValue("v", write.ExpectedVersion);
        return command;
    }

    private static NpgsqlBatchCommand ProjectionCommand(ProjectionWrite projection)
    {
        var command = new NpgsqlBatchCommand(projection.Sql);
        foreach (var (name, value) in projection.Parameters)
        {
            command.Parameters.Add(PostgresValues.Parameter(name, value));
        }

        return command;
    }

    private async Task<long?> ReadVersionAsync(NpgsqlConnection connection, GrainStateWrite write, CancellationToken cancellationToken)
    {
        await using var command = database.Command(connection, "SELECT version FROM grain_state WHERE grain_id = @g AND state_name = @s");
        command.Parameters.AddWithValue("g", write.GrainId);
        command.Parameters.AddWithValue("s", write.StateName);
        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is long version ? version : null;
    }
}
