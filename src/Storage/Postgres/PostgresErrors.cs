using System.Net.Sockets;
using Npgsql;

namespace OrleansFlows.Storage.Postgres;

/// <summary>Maps PostgreSQL failures onto the runtime's storage errors, by SQLSTATE.</summary>
internal static class PostgresErrors
{
    public static bool IsStoreFailure(Exception exception) =>
        exception is NpgsqlException or SocketException or TimeoutException;

    public static StorageException Translate(Exception exception, string operation, string store)
    {
        if (exception is PostgresException { SqlState: PostgresErrorCodes.UndefinedTable } missing)
        {
            return new StorageSchemaException(
                $"{operation} failed: a table is missing in {store} ({missing.MessageText}). Restart the silo to recreate the schema.",
                exception);
        }

        if (exception is PostgresException { SqlState: [ '2', '2', .. ] } refused)
        {
            return new StoredValueRejectedException($"{operation} failed: {store} refused a value ({refused.MessageText}).", exception);
        }

        var transient = exception switch
        {
            PostgresException postgres => postgres.IsTransient,
            NpgsqlException npgsql => npgsql.IsTransient,
            _ => true,
        };
        return new StorageUnavailableException($"{operation} failed on {store}: {exception.Message}", transient, exception);
    }
}
