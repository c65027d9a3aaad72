using Npgsql;
using NpgsqlTypes;
using OrleansFlows.Runtime.Identity;
using OrleansFlows.Runtime.Reminders;

namespace OrleansFlows.Runtime.Persistence.Postgres;

/// <summary>
/// Durable reminders in PostgreSQL. Due-ness is judged by the database clock; claims use <c>FOR UPDATE SKIP LOCKED</c>,
/// so several silos can claim in parallel without taking the same tick.
/// </summary>
internal sealed class PostgresReminderTable(PostgresDatabase database) : IReminderTable
{
    public async Task ApplyAsync(GrainId grainId, ReminderChange change, CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = await database.DataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            await using var batch = new NpgsqlBatch(connection) { Timeout = database.CommandTimeoutSeconds };
            batch.BatchCommands.Add(ApplyCommand(grainId, change));
            await batch.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (PostgresErrors.IsStoreFailure(exception))
        {
            throw PostgresErrors.Translate(exception, $"Changing reminder '{change.Name}' of {grainId}", database.Description);
        }
    }

    public async Task<IReadOnlyList<ReminderEntry>> ReadAsync(GrainId grainId, CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = await database.DataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            await using var command = database.Command(connection, "SELECT name, due_at, period_ms FROM reminders WHERE grain_id = @g ORDER BY name");
            command.Parameters.AddWithValue("g", grainId.ToString());
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            var entries = new List<ReminderEntry>();
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                entries.Add(new ReminderEntry(grainId, reader.GetString(0), reader.GetFieldValue<DateTimeOffset>(1), ReadPeriod(reader, 2)));
            }

            return entries;
        }
        catch (Exception exception) when (PostgresErrors.IsStoreFailure(exception))
        {
            throw PostgresErrors.Translate(exception, $"Reading reminders of {grainId}", database.Description);
        }
    }

    public async Task<IReadOnlyList<ClaimedReminder>> ClaimDueAsync(string owner, int maxCount, TimeSpan lease, CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = await database.DataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            await using var command = database.Command(
                connection,
                """
                WITH due AS (
                    SELECT grain_id, name FROM reminders
                    WHERE due_at <= now() AND (lease_until IS NULL OR lease_until < now())
                    ORDER BY due_at
                    LIMIT @max
                    FOR UPDATE SKIP LOCKED)
                UPDATE reminders r SET lease_owner = @o, lease_until = now() + @lease * interval '1 millisecond'
                FROM due WHERE r.grain_id = due.grain_id AND r.name = due.name
                RETURNING r.grain_id, r.name, r.due_at, r.period_ms, r.version, now()
                """);
            command.Parameters.AddWithValue("max", maxCount);
            command.Parameters.AddWithValue("o", owner);
            command.Parameters.AddWithValue("lease", (long)lease.TotalMilliseconds);
            var claimed = new List<ClaimedReminder>();
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                var entry = new ReminderEntry(GrainId.Parse(reader.GetString(0)), reader.GetString(1), reader.GetFieldValue<DateTimeOffset>(2), ReadPeriod(reader, 3));
                claimed.Add(new ClaimedReminder(entry, reader.GetInt64(4), reader.GetFieldValue<DateTimeOffset>(5)));
            }

            claimed.Sort((a, b) => a.Entry.DueAt.CompareTo(b.Entry.DueAt));
            return claimed;
        }
        catch (Exception exception) when (PostgresErrors.IsStoreFailure(exception))
        {
            throw PostgresErrors.Translate(exception, "Claiming due reminders", database.Description);
        }
    }

    public async Task CompleteAsync(IReadOnlyList<ClaimedReminder> delivered, CancellationToken cancellationToken)
    {
        if (delivered.Count == 0)
        {
            return;
        }

        try
        {
            await using var connection = await database.DataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await using var batch = new NpgsqlBatch(connection, transaction) { Timeout = database.CommandTimeoutSeconds };
            foreach (var claimed in delivered)
            {
                batch.BatchCommands.Add(CompleteCommand(claimed));
            }

            await batch.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (PostgresErrors.IsStoreFailure(exception))
        {
            throw PostgresErrors.Translate(exception, "Completing delivered reminders", database.Description);
        }
    }

    internal static NpgsqlBatchCommand ApplyCommand(GrainId grainId, ReminderChange change)
    {
        // A new row starts at a random version, not 1: a reminder removed and registered again while one of its ticks
        // is in flight must not match the version that tick's claim holds, or completing the tick would apply to it.
        var command = new NpgsqlBatchCommand(change.Kind switch
        {
            ReminderChangeKind.Remove => "DELETE FROM reminders WHERE grain_id = @g AND name = @n",
            _ => """
                 INSERT INTO reminders (grain_id, name, due_at, period_ms, version, lease_owner, lease_until)
                 VALUES (@g, @n, COALESCE(@at, now() + @in * interval '1 millisecond'), @p, floor(random() * 1e18)::bigint, NULL, NULL)
                 ON CONFLICT (grain_id, name) DO UPDATE SET
                     due_at = excluded.due_at, period_ms = excluded.period_ms, version = reminders.version + 1,
                     lease_owner = NULL, lease_until = NULL
                 """,
        });
        command.Parameters.AddWithValue("g", grainId.ToString());
        command.Parameters.AddWithValue("n", change.Name);
        if (change.Kind == ReminderChangeKind.Set)
        {
            command.Parameters.Add(new NpgsqlParameter("at", NpgsqlDbType.TimestampTz) { Value = change.DueAt is { } at ? at.ToUniversalTime() : DBNull.Value });
            command.Parameters.AddWithValue("in", (long)change.DueTime.TotalMilliseconds);
            command.Parameters.Add(new NpgsqlParameter("p", NpgsqlDbType.Bigint) { Value = change.Period is { } period ? (long)period.TotalMilliseconds : DBNull.Value });
        }

        return command;
    }

    private static NpgsqlBatchCommand CompleteCommand(ClaimedReminder claimed)
    {
        var entry = claimed.Entry;
        var command = new NpgsqlBatchCommand(entry.Period is null
            ? "DELETE FROM reminders WHERE grain_id = @g AND name = @n AND version = @v"
            : "UPDATE reminders SET due_at = @next, lease_owner = NULL, lease_until = NULL WHERE grain_id = @g AND name = @n AND version = @v");
        command.Parameters.AddWithValue("g", entry.GrainId.ToString());
        command.Parameters.AddWithValue("n", entry.Name);
        command.Parameters.AddWithValue("v", claimed.Version);
        if (entry.Period is { } period)
        {
            command.Parameters.AddWithValue("next", ReminderSchedule.NextDue(entry.DueAt, period, claimed.ClaimedAt).ToUniversalTime());
        }

        return command;
    }

    private static TimeSpan? ReadPeriod(NpgsqlDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : TimeSpan.FromMilliseconds(reader.GetInt64(ordinal));
}
