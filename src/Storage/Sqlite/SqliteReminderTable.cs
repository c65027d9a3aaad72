using System.Globalization;
using Microsoft.Data.Sqlite;

namespace OrleansFlows.Storage.Sqlite;

/// <summary>
/// Orleans' reminder table in the embedded SQLite store (table <c>orleans_reminders</c>, see <see cref="SqliteReminderSchema"/>).
/// A row's ETag is its version, a number the table never hands out twice: an ETag a grain kept from an earlier
/// registration can't remove a later one. Start times and periods are kept to the millisecond, start times as UTC.
/// </summary>
internal sealed class SqliteReminderTable(SqliteDatabase database) : IReminderTable
{
    private const string Columns = "grain_id, reminder_name, start_at, period_ms, version";

    public Task<ReminderTableData> ReadRows(GrainId grainId) => ReadRows(grainId, CancellationToken.None);

    public Task<ReminderTableData> ReadRows(GrainId grainId, CancellationToken cancellationToken)
    {
        var key = grainId.ToString();
        return ReadAsync(
            $"SELECT {Columns} FROM orleans_reminders WHERE grain_id = @g ORDER BY reminder_name",
            command => command.Parameters.AddWithValue("@g", key),
            $"Reading the reminders of {key}",
            cancellationToken);
    }

    public Task<ReminderTableData> ReadRows(uint begin, uint end) => ReadRows(begin, end, CancellationToken.None);

    /// <summary>
    /// The reminders of grains whose uniform hash is in the ring range (<paramref name="begin"/>, <paramref name="end"/>]:
    /// above <paramref name="begin"/> and up to <paramref name="end"/> included. When <paramref name="begin"/> is not below
    /// <paramref name="end"/> the range wraps around zero; equal bounds are the whole ring.
    /// </summary>
    public Task<ReminderTableData> ReadRows(uint begin, uint end, CancellationToken cancellationToken)
    {
        var condition = begin < end ? "grain_hash > @b AND grain_hash <= @e" : "grain_hash > @b OR grain_hash <= @e";
        return ReadAsync(
            $"SELECT {Columns} FROM orleans_reminders WHERE {condition} ORDER BY grain_hash, grain_id, reminder_name",
            command =>
            {
                command.Parameters.AddWithValue("@b", (long)begin);
                command.Parameters.AddWithValue("@e", (long)end);
            },
            $"Reading the reminders in hash range ({begin}, {end}]",
            cancellationToken);
    }

    public Task<ReminderEntry?> ReadRow(GrainId grainId, string reminderName) => ReadRow(grainId, reminderName, CancellationToken.None);

    public async Task<ReminderEntry?> ReadRow(GrainId grainId, string reminderName, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reminderName);
        var key = grainId.ToString();
        var rows = await ReadAsync(
            $"SELECT {Columns} FROM orleans_reminders WHERE grain_id = @g AND reminder_name = @n",
            command =>
            {
                command.Parameters.AddWithValue("@g", key);
                command.Parameters.AddWithValue("@n", reminderName);
            },
            $"Reading reminder '{reminderName}' of {key}",
            cancellationToken).ConfigureAwait(false);
        return rows.Reminders.Count == 0 ? null : rows.Reminders[0];
    }

    public Task<string?> UpsertRow(ReminderEntry entry) => UpsertRow(entry, CancellationToken.None);

    /// <summary>Writes the reminder whatever its stored ETag, and returns the new one; <paramref name="entry"/> is left as it is.</summary>
    public async Task<string?> UpsertRow(ReminderEntry entry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        if (entry.GrainId.IsDefault)
        {
            throw new ArgumentException("The reminder has no grain id.", nameof(entry));
        }

        if (entry.ReminderName is null)
        {
            throw new ArgumentException("The reminder has no name.", nameof(entry));
        }

        var key = entry.GrainId.ToString();
        var hash = (long)entry.GrainId.GetUniformHashCode();
        var startAt = SqliteValues.ToUnixMs(new DateTimeOffset(ToUtc(entry.StartAt)));
        var periodMs = entry.Period.Ticks / TimeSpan.TicksPerMillisecond;
        try
        {
            var version = await database.WriteAsync(
                async (connection, transaction) =>
                {
                    // REPLACE removes the row it conflicts with and inserts a new one, which takes the next version.
                    await using var command = database.Command(
                        connection,
                        """
                        INSERT OR REPLACE INTO orleans_reminders (grain_id, reminder_name, grain_hash, start_at, period_ms)
                        VALUES (@g, @n, @h, @s, @p)
                        RETURNING version
                        """,
                        transaction);
                    command.Parameters.AddWithValue("@g", key);
                    command.Parameters.AddWithValue("@n", entry.ReminderName);
                    command.Parameters.AddWithValue("@h", hash);
                    command.Parameters.AddWithValue("@s", startAt);
                    command.Parameters.AddWithValue("@p", periodMs);
                    return (long)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
                },
                cancellationToken).ConfigureAwait(false);
            return ToETag(version);
        }
        catch (SqliteException exception)
        {
            throw SqliteErrors.Translate(exception, $"Writing reminder '{entry.ReminderName}' of {key}", database.DatabasePath);
        }
    }

    public Task<bool> RemoveRow(GrainId grainId, string reminderName, string eTag) => RemoveRow(grainId, reminderName, eTag, CancellationToken.None);

    /// <summary>Removes the reminder if its ETag is still <paramref name="eTag"/>; false if it changed or there is no such reminder.</summary>
    public async Task<bool> RemoveRow(GrainId grainId, string reminderName, string eTag, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reminderName);
        if (!long.TryParse(eTag, NumberStyles.None, CultureInfo.InvariantCulture, out var version))
        {
            return false;  // not an ETag this table handed out, so it matches no row
        }

        var key = grainId.ToString();
        try
        {
            return await database.WriteAsync(
                async (connection, transaction) =>
                {
                    await using var command = database.Command(
                        connection,
                        "DELETE FROM orleans_reminders WHERE grain_id = @g AND reminder_name = @n AND version = @v",
                        transaction);
                    command.Parameters.AddWithValue("@g", key);
                    command.Parameters.AddWithValue("@n", reminderName);
                    command.Parameters.AddWithValue("@v", version);
                    return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
                },
                cancellationToken).ConfigureAwait(false);
        }
        catch (SqliteException exception)
        {
            throw SqliteErrors.Translate(exception, $"Removing reminder '{reminderName}' of {key}", database.DatabasePath);
        }
    }

    public Task TestOnlyClearTable() => TestOnlyClearTable(CancellationToken.None);

    public async Task TestOnlyClearTable(CancellationToken cancellationToken)
    {
        try
        {
            await database.WriteAsync(
                async (connection, transaction) =>
                {
                    await using var command = database.Command(connection, "DELETE FROM orleans_reminders", transaction);
                    return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                },
                cancellationToken).ConfigureAwait(false);
        }
        catch (SqliteException exception)
        {
            throw SqliteErrors.Translate(exception, "Clearing the reminders", database.DatabasePath);
        }
    }

    private static DateTime ToUtc(DateTime time) => time.Kind switch
    {
        DateTimeKind.Utc => time,
        DateTimeKind.Local => time.ToUniversalTime(),
        _ => DateTime.SpecifyKind(time, DateTimeKind.Utc),  // as Orleans' own SQL tables do: an unspecified time is UTC
    };

    private static string ToETag(long version) => version.ToString(CultureInfo.InvariantCulture);

    private async Task<ReminderTableData> ReadAsync(string sql, Action<SqliteCommand> bind, string operation, CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = await database.OpenReaderAsync(cancellationToken).ConfigureAwait(false);
            await using var command = database.Command(connection, sql);
            bind(command);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            var entries = new List<ReminderEntry>();
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                entries.Add(new ReminderEntry
                {
                    GrainId = GrainId.Parse(reader.GetString(0)),
                    ReminderName = reader.GetString(1),
                    StartAt = SqliteValues.FromUnixMs(reader.GetInt64(2)).UtcDateTime,
                    Period = TimeSpan.FromMilliseconds(reader.GetInt64(3)),
                    ETag = ToETag(reader.GetInt64(4)),
                });
            }

            return new ReminderTableData(entries);
        }
        catch (SqliteException exception)
        {
            throw SqliteErrors.Translate(exception, operation, database.DatabasePath);
        }
    }
}
