namespace OrleansFlows.Storage.Sqlite;

/// <summary>Conversions between runtime values and SQLite columns (instants are Unix milliseconds).</summary>
internal static class SqliteValues
{
    public static long ToUnixMs(DateTimeOffset instant) => instant.ToUnixTimeMilliseconds();

    public static DateTimeOffset FromUnixMs(long milliseconds) => DateTimeOffset.FromUnixTimeMilliseconds(milliseconds);

    public static object ToDb(object? value) => value switch
    {
        null => DBNull.Value,
        DateTimeOffset instant => ToUnixMs(instant),
        ProjectionJson json => json.Json,
        DateOnly date => date.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
        TimeSpan span => (long)span.TotalMilliseconds,
        _ => value,
    };
}
