using Npgsql;
using NpgsqlTypes;

namespace OrleansFlows.Storage.Postgres;

/// <summary>Grain state in PostgreSQL (jsonb, versioned); its rows commit in the same transaction.</summary>
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
            foreach (var projection in write.Rows)
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
            return write.ExpectedVersion + 1;
        }
        catch (Exception exception) when (PostgresErrors.IsStoreFailure(exception))
        {
            throw PostgresErrors.Translate(exception, $"Writing state '{write.StateName}' of {write.GrainId}", database.Description);
        }
    }

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
