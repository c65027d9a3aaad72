using OrleansFlows.Api.Tests.Hosting;
using OrleansFlows.TestKit.Postgres;

namespace OrleansFlows.Api.Tests.Exports;

/// <summary>Export expiry on SQLite.</summary>
public sealed class SqliteExportExpiryApiTests : ExportExpiryApiContract
{
    protected override Task<ApiHost> CreateHostAsync(IReadOnlyDictionary<string, string?> settings) =>
        Task.FromResult(ApiHost.Sqlite(DataDirectory, settings: settings));

    protected override Task DisposeStoreAsync() => Task.CompletedTask;
}

/// <summary>Export expiry on PostgreSQL.</summary>
[Collection(PostgresCollection.Name)]
[Trait("Category", "Postgres")]
public sealed class PostgresExportExpiryApiTests(PostgresServer server) : ExportExpiryApiContract
{
    private string _connectionString = "";

    protected override async Task<ApiHost> CreateHostAsync(IReadOnlyDictionary<string, string?> settings)
    {
        _connectionString = await server.CreateDatabaseAsync("api_export_expiry");
        return ApiHost.Postgres(DataDirectory, _connectionString, settings: settings);
    }

    protected override Task DisposeStoreAsync() => server.DropDatabaseAsync(_connectionString);
}
