using Microsoft.Data.Sqlite;

namespace OrleansFlows.Storage.Sqlite;

/// <summary>Maps SQLite failures onto the runtime's storage errors.</summary>
internal static class SqliteErrors
{
    private const int SqliteError = 1;
    private const int SqliteBusy = 5;
    private const int SqliteLocked = 6;

    public static StorageException Translate(SqliteException exception, string operation, string databasePath)
    {
        // SQLite reports a missing table only as a generic SQLITE_ERROR; its message is the one distinguishing mark.
        if (exception.SqliteErrorCode == SqliteError && exception.Message.Contains("no such table", StringComparison.Ordinal))
        {
            return new StorageSchemaException(
                $"{operation} failed: a table is missing in SQLite database '{databasePath}' ({exception.Message}). Restart the silo to recreate the schema.",
                exception);
        }

        var transient = exception.SqliteErrorCode is SqliteBusy or SqliteLocked;
        return new StorageUnavailableException(
            $"{operation} failed on SQLite database '{databasePath}': {exception.Message}",
            transient,
            exception);
    }
}
