using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace OrleansFlows.Storage.Sqlite;

/// <summary>Creates or upgrades the SQLite schema, one versioned step at a time, in the writer's transaction.</summary>
internal sealed class SqliteStoreBootstrap(SqliteDatabase database, IEnumerable<ISchemaContributor> contributors, ILogger<SqliteStoreBootstrap> logger)
    : IStoreBootstrap
{
    public string Describe() => $"SQLite database '{database.DatabasePath}'";

    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        try
        {
            await database.WriteAsync(
                async (connection, transaction) =>
                {
                    await ExecuteAsync(connection, transaction, "CREATE TABLE IF NOT EXISTS schema_version (component TEXT PRIMARY KEY, version INTEGER NOT NULL)", cancellationToken).ConfigureAwait(false);
                    foreach (var contributor in contributors)
                    {
                        await UpgradeAsync(connection, transaction, contributor, cancellationToken).ConfigureAwait(false);
                    }

                    return 0;
                },
                cancellationToken).ConfigureAwait(false);
        }
        catch (SqliteException exception)
        {
            throw SqliteErrors.Translate(exception, "Creating the schema", database.DatabasePath);
        }
    }

    public async Task<bool> PingAsync(CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = await database.OpenReaderAsync(cancellationToken).ConfigureAwait(false);
            await using var command = database.Command(connection, "SELECT count(*) FROM schema_version");
            await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (SqliteException)
        {
            return false;
        }
    }

    private async Task UpgradeAsync(SqliteConnection connection, SqliteTransaction transaction, ISchemaContributor contributor, CancellationToken cancellationToken)
    {
        long current;
        await using (var read = database.Command(connection, "SELECT version FROM schema_version WHERE component = @c", transaction))
        {
            read.Parameters.AddWithValue("@c", contributor.Component);
            current = await read.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is long version ? version : 0;
        }

        var missing = current > 0 ? await FindMissingTableAsync(connection, transaction, contributor, cancellationToken).ConfigureAwait(false) : null;
        foreach (var step in SchemaUpgrade.PendingSteps(contributor, current, missing, Describe(), logger))
        {
            await ExecuteAsync(connection, transaction, step.Sqlite, cancellationToken).ConfigureAwait(false);
            await using var record = database.Command(connection, "INSERT INTO schema_version (component, version) VALUES (@c, @v) ON CONFLICT (component) DO UPDATE SET version = excluded.version", transaction);
            record.Parameters.AddWithValue("@c", contributor.Component);
            record.Parameters.AddWithValue("@v", step.Version);
            await record.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<string?> FindMissingTableAsync(SqliteConnection connection, SqliteTransaction transaction, ISchemaContributor contributor, CancellationToken cancellationToken)
    {
        foreach (var table in contributor.Tables)
        {
            await using var exists = database.Command(connection, "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = @t", transaction);
            exists.Parameters.AddWithValue("@t", table);
            if ((long)(await exists.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))! == 0)
            {
                return table;
            }
        }

        return null;
    }

    private async Task ExecuteAsync(SqliteConnection connection, SqliteTransaction transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = database.Command(connection, sql, transaction);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
