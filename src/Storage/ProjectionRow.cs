using System.Data.Common;

namespace OrleansFlows.Storage;

/// <summary>One row of a projection query, with reads that hide how each provider stores instants.</summary>
public sealed class ProjectionRow
{
    private readonly DbDataReader _reader;

    internal ProjectionRow(DbDataReader reader) => _reader = reader;

    public bool IsNull(int ordinal) => _reader.IsDBNull(ordinal);

    public string GetString(int ordinal) => _reader.GetString(ordinal);

    public string? GetStringOrNull(int ordinal) => _reader.IsDBNull(ordinal) ? null : _reader.GetString(ordinal);

    public long GetInt64(int ordinal) => Convert.ToInt64(_reader.GetValue(ordinal), System.Globalization.CultureInfo.InvariantCulture);

    public int GetInt32(int ordinal) => Convert.ToInt32(_reader.GetValue(ordinal), System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>An instant: Unix milliseconds in SQLite, <c>timestamptz</c> in PostgreSQL.</summary>
    public DateTimeOffset GetInstant(int ordinal) => _reader.GetValue(ordinal) switch
    {
        long milliseconds => DateTimeOffset.FromUnixTimeMilliseconds(milliseconds),
        DateTime time => new DateTimeOffset(DateTime.SpecifyKind(time, DateTimeKind.Utc)),
        DateTimeOffset instant => instant,
        var other => throw new InvalidCastException($"Column {ordinal} holds {other.GetType().Name}, not an instant."),
    };

    public DateTimeOffset? GetInstantOrNull(int ordinal) => _reader.IsDBNull(ordinal) ? null : GetInstant(ordinal);
}
