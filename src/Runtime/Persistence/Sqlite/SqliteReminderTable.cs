using Microsoft.Data.Sqlite;
using OrleansFlows.Runtime.Identity;
using OrleansFlows.Runtime.Reminders;

namespace OrleansFlows.Runtime.Persistence.Sqlite;

/// <summary>Durable reminders in SQLite. Due-ness is judged by SQLite's clock.</summary>
internal sealed class SqliteReminderTable(SqliteDatabase database) : IReminderTable
{
    public async Task ApplyAsync(GrainId grainId, ReminderChange change, CancellationToken cancellationToken)
    {
        try
        {
            await database.WriteAsync(
                async (connection, transaction) =>
                {
                    await ApplyAsync(database, connection, transaction, grainId, change, cancellationToken).ConfigureAwait(false);
                    return 0;
                },
                cancellationToken).ConfigureAwait(false);
        }
        catch (SqliteException exception)
        {
            throw SqliteErrors.Translate(exception, $"Changing reminder '{change.Name}' of {grainId}", database.DatabasePath);
        }
    }

    public async Task<IReadOnlyList<ReminderEntry>> ReadAsync(GrainId grainId, CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = await database.OpenReaderAsync(cancellationToken).ConfigureAwait(false);
            await using var command = database.Command(connection, "SELECT name, due_at, period_ms FROM reminders WHERE grain_id = @g ORDER BY name");
            command.Parameters.AddWithValue("@g", grainId.ToString());
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            var entries = new List<ReminderEntry>();
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                entries.Add(new ReminderEntry(grainId, reader.GetString(0), SqliteValues.FromUnixMs(reader.GetInt64(1)), ReadPeriod(reader, 2)));
            }

            return entries;
        }
        catch (SqliteException exception)
        {
            throw SqliteErrors.Translate(exception, $"Reading reminders of {grainId}", database.DatabasePath);
        }
    }

    public async Task<IReadOnlyList<ClaimedReminder>> ClaimDueAsync(string owner, int maxCount, TimeSpan lease, CancellationToken cancellationToken)
    {
        try
        {
            return await database.WriteAsync((connection, transaction) => ClaimAsync(connection, transaction, owner, maxCount, lease, cancellationToken), cancellationToken)
                .ConfigureAwait(false);
        }
        catch (SqliteException exception)
        {
            throw SqliteErrors.Translate(exception, "Claiming due reminders", database.DatabasePath);
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
            await database.WriteAsync(
                async (connection, transaction) =>
                {
                    foreach (var claimed in delivered)
                    {
                        await CompleteOneAsync(connection, transaction, claimed, cancellationToken).ConfigureAwait(false);
                    }

                    return 0;
                },
                cancellationToken).ConfigureAwait(false);
        }
        catch (SqliteException exception)
        {
            throw SqliteErrors.Translate(exception, "Completing delivered reminders", database.DatabasePath);
        }
    }

    internal static async Task ApplyAsync(SqliteDatabase database, SqliteConnection connection, SqliteTransaction transaction, GrainId grainId, ReminderChange change, CancellationToken cancellationToken)
    {
        // A new row starts at a random version, not 1: a reminder removed and registered again while one of its ticks
        // is in flight must not match the version that tick's claim holds, or completing the tick would apply to it.
        var sql = change.Kind switch
        {
            ReminderChangeKind.Remove => "DELETE FROM reminders WHERE grain_id = @g AND name = @n",
            _ => $"""
                  INSERT INTO reminders (grain_id, name, due_at, period_ms, version, lease_owner, lease_until)
                  VALUES (@g, @n, COALESCE(@at, {SqliteDatabase.NowMs} + @in), @p, abs(random() % 1000000000000000000), NULL, NULL)
                  ON CONFLICT (grain_id, name) DO UPDATE SET
                      due_at = excluded.due_at, period_ms = excluded.period_ms, version = reminders.version + 1,
                      lease_owner = NULL, lease_until = NULL
                  """,
        };
        await using var command = database.Command(connection, sql, transaction);
        command.Parameters.AddWithValue("@g", grainId.ToString());
        command.Parameters.AddWithValue("@n", change.Name);
        command.Parameters.AddWithValue("@at", change.DueAt is { } at ? SqliteValues.ToUnixMs(at) : DBNull.Value);
        command.Parameters.AddWithValue("@in", (long)change.DueTime.TotalMilliseconds);
        command.Parameters.AddWithValue("@p", change.Period is { } period ? (long)period.TotalMilliseconds : DBNull.Value);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task<IReadOnlyList<ClaimedReminder>> ClaimAsync(SqliteConnection connection, SqliteTransaction transaction, string owner, int maxCount, TimeSpan lease, CancellationToken cancellationToken)
    {
        long now;
        await using (var clock = database.Command(connection, $"SELECT {SqliteDatabase.NowMs}", transaction))
        {
            now = (long)(await clock.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
        }

        await using var command = database.Command(
            connection,
            """
            UPDATE reminders SET lease_owner = @o, lease_until = @now + @lease
            WHERE (grain_id, name) IN (
                SELECT grain_id, name FROM reminders
                WHERE due_at <= @now AND (lease_until IS NULL OR lease_until < @now)
                ORDER BY due_at LIMIT @max)
            RETURNING grain_id, name, due_at, period_ms, version
            """,
            transaction);
        command.Parameters.AddWithValue("@o", owner);
        command.Parameters.AddWithValue("@now", now);
        command.Parameters.AddWithValue("@lease", (long)lease.TotalMilliseconds);
        command.Parameters.AddWithValue("@max", maxCount);
        var claimedAt = SqliteValues.FromUnixMs(now);
        var claimed = new List<ClaimedReminder>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            var entry = new ReminderEntry(GrainId.Parse(reader.GetString(0)), reader.GetString(1), SqliteValues.FromUnixMs(reader.GetInt64(2)), ReadPeriod(reader, 3));
            claimed.Add(new ClaimedReminder(entry, reader.GetInt64(4), claimedAt));
        }

        claimed.Sort((a, b) => a.Entry.DueAt.CompareTo(b.Entry.DueAt));
        return claimed;
    }

    private async Task CompleteOneAsync(SqliteConnection connection, SqliteTransaction transaction, ClaimedReminder claimed, CancellationToken cancellationToken)
    {
        var entry = claimed.Entry;
        var sql = entry.Period is null
            ? "DELETE FROM reminders WHERE grain_id = @g AND name = @n AND version = @v"
            : "UPDATE reminders SET due_at = @next, lease_owner = NULL, lease_until = NULL WHERE grain_id = @g AND name = @n AND version = @v";
        await using var command = database.Command(connection, sql, transaction);
        command.Parameters.AddWithValue("@g", entry.GrainId.ToString());
        command.Parameters.AddWithValue("@n", entry.Name);
        command.Parameters.AddWithValue("@v", claimed.Version);
        if (entry.Period is { } period)
        {
            command.Parameters.AddWithValue("@next", SqliteValues.ToUnixMs(ReminderSchedule.NextDue(entry.DueAt, period, claimed.ClaimedAt)));
        }

        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private static TimeSpan? ReadPeriod(SqliteDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : TimeSpan.FromMilliseconds(reader.GetInt64(ordinal));
}
