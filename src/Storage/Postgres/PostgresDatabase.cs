using Microsoft.Extensions.Options;
using Npgsql;

namespace OrleansFlows.Storage.Postgres;

/// <summary>Pooled connections to the PostgreSQL store.</summary>
internal sealed class PostgresDatabase : IAsyncDisposable
{
    public PostgresDatabase(IOptions<PostgresStoreOptions> options)
    {
        var value = options.Value;
        if (string.IsNullOrWhiteSpace(value.ConnectionString))
        {
            throw new InvalidOperationException($"{nameof(PostgresStoreOptions)}.{nameof(PostgresStoreOptions.ConnectionString)} is empty; set the PostgreSQL connection string.");
        }

        CommandTimeoutSeconds = (int)Math.Ceiling(value.CommandTimeout.TotalSeconds);
        DataSource = NpgsqlDataSource.Create(value.ConnectionString);
        SchemaConnectionString = string.IsNullOrWhiteSpace(value.SchemaConnectionString) ? value.ConnectionString : value.SchemaConnectionString;
        var builder = new NpgsqlConnectionStringBuilder(value.ConnectionString);
        ServingRole = builder.Username;
        SchemaRole = new NpgsqlConnectionStringBuilder(SchemaConnectionString).Username;
        Description = $"PostgreSQL database '{builder.Database}' on {builder.Host}:{builder.Port}";
    }

    public NpgsqlDataSource DataSource { get; }

    public string SchemaConnectionString { get; }

    /// <summary>The role the silo serves with; when it differs from <see cref="SchemaRole"/>, it is a non-owner role.</summary>
    public string? ServingRole { get; }

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
