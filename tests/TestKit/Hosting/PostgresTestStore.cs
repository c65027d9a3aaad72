using Npgsql;
using Microsoft.Extensions.DependencyInjection;
using OrleansFlows.Storage;
using OrleansFlows.TestKit.Postgres;

namespace OrleansFlows.TestKit.Hosting;

internal sealed class PostgresTestStore(PostgresServer server, string connectionString) : TestStore
{
    public string ConnectionString { get; } = connectionString;

    public override string Kind => "postgres";

    public override IReadOnlyDictionary<string, string?> StorageSettings => new Dictionary<string, string?>
    {
        ["OrleansFlows:Storage:Provider"] = "Postgres",
        ["OrleansFlows:Storage:PostgresConnectionString"] = ConnectionString,
    };

    public override void AddStore(IServiceCollection services) => services.AddOrleansFlowsPostgresStore(o => o.ConnectionString = ConnectionString);

    public override async Task ExecuteAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    public override async Task<object?> ScalarAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync();
    }

    public override async ValueTask DisposeAsync() => await server.DropDatabaseAsync(ConnectionString);
}
