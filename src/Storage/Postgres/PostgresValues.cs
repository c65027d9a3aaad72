using Npgsql;
using NpgsqlTypes;

namespace OrleansFlows.Storage.Postgres;

/// <summary>Conversions from runtime values to PostgreSQL parameters.</summary>
internal static class PostgresValues
{
    public static NpgsqlParameter Parameter(string name, object? value) => value switch
    {
        null => new NpgsqlParameter(name, DBNull.Value),
        ProjectionJson json => new NpgsqlParameter(name, NpgsqlDbType.Jsonb) { Value = json.Json },
        DateTimeOffset instant => new NpgsqlParameter(name, NpgsqlDbType.TimestampTz) { Value = instant.ToUniversalTime() },
        _ => new NpgsqlParameter(name, value),
    };
}
