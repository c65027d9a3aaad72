namespace OrleansFlows.Runtime.Persistence.Postgres;

/// <summary>Conversions from runtime values to PostgreSQL parameters.</summary>
internal static class PostgresValues
{
    public static object ToDb(object? value) => value switch
    {
        null => DBNull.Value,
        DateTimeOffset instant => instant.ToUniversalTime(),
        _ => value,
    };
}
