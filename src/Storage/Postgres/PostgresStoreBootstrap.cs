using Microsoft.Extensions.Logging;
using Npgsql;

namespace OrleansFlows.Storage.Postgres;

/// <summary>
/// Creates or upgrades the PostgreSQL schema as the owner role, in one transaction under an advisory lock, so that
/// several silos can start at once.
/// </summary>
internal sealed class PostgresStoreBootstrap(PostgresDatabase database, IEnumerable<ISchemaContributor> contributors, ILogger<PostgresStoreBootstrap> logger)
    : IStoreBootstrap
{
    // An arbitrary constant that names the schema lock; every silo of every version must use the same one.
    private const long SchemaLockKey = 0x4F46_5343_4845_4D41;

    public string Describe() => database.Description;

    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = new NpgsqlConnection(database.SchemaConnectionString);
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await ExecuteAsync(connection, transaction, $"SELECT pg_advisory_xact_lock({SchemaLockKey})", cancellationToken).ConfigureAwait(false);
            await ExecuteAsync(connection, transaction, "CREATE TABLE IF NOT EXISTS schema_version (component text PRIMARY KEY, version integer NOT NULL)", cancellationToken).ConfigureAwait(false);
            foreach (var contributor in contributors)
            {
                await UpgradeAsync(connection, transaction, contributor, cancellationToken).ConfigureAwait(false);
            }

            await GrantServingRoleAsync(connection, transaction, cancellationToken).ConfigureAwait(false);
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (PostgresErrors.IsStoreFailure(exception))
        {
            throw PostgresErrors.Translate(exception, "Creating the schema", database.Description);
        }
    }

    public Task<bool> PingAsync(CancellationToken cancellationToken) => database.PingAsync(cancellationToken);

    private async Task UpgradeAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, ISchemaContributor contributor, CancellationToken cancellationToken)
    {
        int current;
        await using (var read = database.Command(connection, "SELECT version FROM schema_version WHERE component = @c", transaction))
        {
            read.Parameters.AddWithValue("c", contributor.Component);
            current = await read.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is int version ? version : 0;
        }

        var missing = current > 0 ? await FindMissingTableAsync(connection, transaction, contributor, cancellationToken).ConfigureAwait(false) : null;
        foreach (var step in SchemaUpgrade.PendingSteps(contributor, current, missing, Describe(), logger))
        {
            await ExecuteAsync(connection, transaction, step.Postgres, cancellationToken).ConfigureAwait(false);
            await using var record = database.Command(connection, "INSERT INTO schema_version (component, version) VALUES (@c, @v) ON CONFLICT (component) DO UPDATE SET version = excluded.version", transaction);
            record.Parameters.AddWithValue("c", contributor.Component);
            record.Parameters.AddWithValue("v", step.Version);
            await record.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Lets a separate serving role read and write the tables and call the functions, and nothing more: it owns none of
    /// them, so row-level security (forced on tenant tables) applies to it. The functions run with the caller's rights
    /// (none is SECURITY DEFINER); PUBLIC may call them by default, but a database whose default privileges revoke that
    /// would otherwise lock the serving role out of Orleans' membership and grain-state writes.
    /// </summary>
    private async Task GrantServingRoleAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(database.ServingRole) || database.ServingRole == database.SchemaRole)
        {
            return;
        }

        var role = "\"" + database.ServingRole.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
        await ExecuteAsync(
            connection,
            transaction,
            $"GRANT USAGE ON SCHEMA public TO {role}; GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {role}; "
            + $"GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA public TO {role}",
            cancellationToken).ConfigureAwait(false);
    }

    private async Task<string?> FindMissingTableAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, ISchemaContributor contributor, CancellationToken cancellationToken)
    {
        foreach (var table in contributor.Tables)
        {
            await using var exists = database.Command(connection, "SELECT to_regclass(@t) IS NOT NULL", transaction);
            exists.Parameters.AddWithValue("t", table);
            if (!(bool)(await exists.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!)
            {
                return table;
            }
        }

        return null;
    }

    private async Task ExecuteAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = database.Command(connection, sql, transaction);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
