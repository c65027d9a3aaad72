using Microsoft.Extensions.Options;
using Npgsql;

namespace OrleansFlows.Storage.Postgres;

/// <summary>
/// Pooled connections to the PostgreSQL store. The silo serves as a non-owner role, so that the row-level security
/// forced on tenant tables applies to it: the login of the serving connection string when it differs from the schema
/// owner's, else <see cref="DefaultServingRole"/>, which every serving connection takes on at its start.
/// </summary>
internal sealed class PostgresDatabase : IAsyncDisposable
{
    /// <summary>The role the silo serves as when one connection string serves and owns the schema.</summary>
    public const string DefaultServingRole = "orleansflows_serving";

    public PostgresDatabase(IOptions<PostgresStoreOptions> options)
    {
        var value = options.Value;
        if (string.IsNullOrWhiteSpace(value.ConnectionString))
        {
            throw new InvalidOperationException($"{nameof(PostgresStoreOptions)}.{nameof(PostgresStoreOptions.ConnectionString)} is empty; set the PostgreSQL connection string.");
        }

        CommandTimeoutSeconds = (int)Math.Ceiling(value.CommandTimeout.TotalSeconds);
        SchemaConnectionString = string.IsNullOrWhiteSpace(value.SchemaConnectionString) ? value.ConnectionString : value.SchemaConnectionString;
        var serving = new NpgsqlConnectionStringBuilder(value.ConnectionString);
        SchemaRole = new NpgsqlConnectionStringBuilder(SchemaConnectionString).Username;
        if (!string.IsNullOrEmpty(serving.Username) && serving.Username != SchemaRole)
        {
            ServingRole = serving.Username;
            ServingPassword = serving.Password;
            ServingRoleLogsIn = true;
        }
        else
        {
            // One login for both: its serving sessions switch to the plain role at start-up ("-c role=..." is kept
            // across the pool's DISCARD ALL, so every session stays in that role).
            ServingRole = DefaultServingRole;
            serving.Options = string.IsNullOrWhiteSpace(serving.Options) ? $"-c role={DefaultServingRole}" : $"{serving.Options} -c role={DefaultServingRole}";
        }

        // A pooled connection carries no session state to its next user: the tenant scope of row-level security is set
        // per transaction (RowSecurityScope), and nothing else is set per session. So the pool's reset (DISCARD ALL,
        // a round trip each time a connection goes back, about 5 per lead) is skipped; prepared statements survive too.
        serving.NoResetOnClose = true;
        DataSource = NpgsqlDataSource.Create(serving.ConnectionString);
        Description = $"PostgreSQL database '{serving.Database}' on {serving.Host}:{serving.Port}";
    }

    public NpgsqlDataSource DataSource { get; }

    public string SchemaConnectionString { get; }

    /// <summary>The non-owner role the silo serves as.</summary>
    public string ServingRole { get; }

    /// <summary>Whether the serving role logs in itself (its own connection string) rather than being taken on by the owner's login.</summary>
    public bool ServingRoleLogsIn { get; }

    /// <summary>The serving login's password, to create the role when it is missing; null when the owner's login serves.</summary>
    public string? ServingPassword { get; }

    /// <summary>The role that owns the schema.</summary>
    public string? SchemaRole { get; }

    public string Description { get; }

    public int CommandTimeoutSeconds { get; }

    public NpgsqlCommand Command(NpgsqlConnection connection, string sql, NpgsqlTransaction? transaction = null) =>
        new(sql, connection, transaction) { CommandTimeout = CommandTimeoutSeconds };

    /// <summary>Whether the database answers a trivial query.</summary>
    public async Task<bool> PingAsync(CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = await DataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            await using var command = Command(connection, "SELECT 1");
            await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (Exception exception) when (PostgresErrors.IsStoreFailure(exception))
        {
            return false;
        }
    }

    public ValueTask DisposeAsync() => DataSource.DisposeAsync();
}
