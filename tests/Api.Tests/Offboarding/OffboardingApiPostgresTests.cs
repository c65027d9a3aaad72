using Npgsql;
using OrleansFlows.Api.Tests.Hosting;
using OrleansFlows.TestKit.Postgres;

namespace OrleansFlows.Api.Tests.Offboarding;

/// <summary>Offboarding on PostgreSQL.</summary>
[Collection(PostgresCollection.Name)]
[Trait("Category", "Postgres")]
public sealed class OffboardingApiPostgresTests(PostgresServer server) : OffboardingApiContract
{
    private readonly TempFolder _data = new();
    private string _connectionString = "";

    protected override string DataDirectory => _data.Path;

    protected override async Task<ApiHost> CreateHostAsync(TimeSpan gracePeriod)
    {
        if (_connectionString.Length == 0)
        {
            _connectionString = await server.CreateDatabaseAsync("api_offboarding");
        }

        return ApiHost.Postgres(_data.Path, _connectionString, settings: Settings(gracePeriod));
    }

    protected override async Task DisposeStoreAsync()
    {
        await server.DropDatabaseAsync(_connectionString);
        _data.Dispose();
    }

    protected override Task BlockDeletesAsync(string table) => ExecuteAsync($"""
        CREATE FUNCTION block_{table}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'deletes from {table} are blocked'; END $$;
        CREATE TRIGGER block_{table} BEFORE DELETE ON {table} FOR EACH ROW EXECUTE FUNCTION block_{table}();
        """);

    protected override Task UnblockDeletesAsync(string table) => ExecuteAsync($"DROP TRIGGER block_{table} ON {table}; DROP FUNCTION block_{table}();");

    protected override Task<IReadOnlyList<string>> SweepAsync(string text) => DatabaseSweep.PostgresAsync(_connectionString, text);

    private async Task ExecuteAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(_connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
