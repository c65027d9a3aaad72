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

            await PrepareServingRoleAsync(connection, transaction, cancellationToken).ConfigureAwait(false);
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
    /// Creates the serving role if it is missing and lets it read and write the tables and call the functions, and
    /// nothing more: it owns none of them and may not bypass row-level security, so the policies forced on tenant
    /// tables apply to it. A role of its own connection string is created with that login and password; the default
    /// role (one connection string for both) is created without login and granted to the owner's login, whose serving
    /// sessions take it on. The functions run with the caller's rights (none is SECURITY DEFINER); PUBLIC may call them
    /// by default, but a database whose default privileges revoke that would otherwise lock the serving role out of
    /// Orleans' membership and grain-state writes.
    /// </summary>
    /// <exception cref="StorageSchemaException">The role is missing and can't be created, or it would bypass row-level security.</exception>
    private async Task PrepareServingRoleAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        var name = database.ServingRole;
        var role = Identifier(name);
        if (!await QueryAsync<bool>(connection, transaction, "SELECT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = @r)", name, cancellationToken).ConfigureAwait(false))
        {
            var login = database.ServingRoleLogsIn
                ? "LOGIN" + (string.IsNullOrEmpty(database.ServingPassword) ? "" : " PASSWORD " + Literal(database.ServingPassword))
                : "NOLOGIN";
            await ToleratingConcurrentCreationAsync(
                connection,
                transaction,
                $"CREATE ROLE {role} {login} NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE",
                $"The serving role '{name}' does not exist in {Describe()}, and the schema role '{database.SchemaRole}' may not create it. "
                + $"Create it (CREATE ROLE {role} {(database.ServingRoleLogsIn ? "LOGIN PASSWORD '...'" : "NOLOGIN")} NOSUPERUSER NOBYPASSRLS) or give the schema role CREATEROLE.",
                cancellationToken).ConfigureAwait(false);
            SchemaLog.LogServingRoleCreated(logger, name, Describe());
        }

        if (!database.ServingRoleLogsIn
            && !await QueryAsync<bool>(connection, transaction, "SELECT pg_has_role(current_user, @r, 'MEMBER')", name, cancellationToken).ConfigureAwait(false))
        {
            await ToleratingConcurrentCreationAsync(
                connection,
                transaction,
                $"GRANT {role} TO CURRENT_USER",
                $"The schema role '{database.SchemaRole}' may not take on the serving role '{name}' in {Describe()}. Grant it (GRANT {role} TO {Identifier(database.SchemaRole ?? "")}) or set a separate serving connection string.",
                cancellationToken).ConfigureAwait(false);
        }

        await using (var check = database.Command(connection, "SELECT rolsuper OR rolbypassrls FROM pg_roles WHERE rolname = @r", transaction))
        {
            check.Parameters.AddWithValue("r", name);
            if (await check.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is true)
            {
                throw new StorageSchemaException(
                    $"The serving role '{name}' of {Describe()} is a superuser or has BYPASSRLS, so row-level security would not keep tenants apart. "
                    + "Serve as a plain role (NOSUPERUSER NOBYPASSRLS); the schema connection string may keep the owner or a superuser.");
            }
        }

        await ExecuteAsync(
            connection,
            transaction,
            $"GRANT USAGE ON SCHEMA public TO {role}; GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {role}; "
            + $"GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA public TO {role}",
            cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Runs a role statement in a savepoint. Roles belong to the server, not the database, so silos of other databases
    /// may create the same role at the same moment: their duplicate is not an error.
    /// </summary>
    private async Task ToleratingConcurrentCreationAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string sql, string refusal, CancellationToken cancellationToken)
    {
        await transaction.SaveAsync("serving_role", cancellationToken).ConfigureAwait(false);
        try
        {
            await ExecuteAsync(connection, transaction, sql, cancellationToken).ConfigureAwait(false);
            await transaction.ReleaseAsync("serving_role", cancellationToken).ConfigureAwait(false);
        }
        catch (PostgresException exception) when (exception.SqlState is PostgresErrorCodes.DuplicateObject or PostgresErrorCodes.UniqueViolation)
        {
            await transaction.RollbackAsync("serving_role", cancellationToken).ConfigureAwait(false);
        }
        catch (PostgresException exception) when (exception.SqlState == PostgresErrorCodes.InsufficientPrivilege)
        {
            throw new StorageSchemaException($"{refusal} ({exception.MessageText})", exception);
        }
    }

    private async Task<T> QueryAsync<T>(NpgsqlConnection connection, NpgsqlTransaction transaction, string sql, string role, CancellationToken cancellationToken)
    {
        await using var command = database.Command(connection, sql, transaction);
        command.Parameters.AddWithValue("r", role);
        return (T)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
    }

    private static string Identifier(string name) => "\"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    private static string Literal(string value) => "'" + value.Replace("'", "''", StringComparison.Ordinal) + "'";

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
