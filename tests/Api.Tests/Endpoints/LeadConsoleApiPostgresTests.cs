using OrleansFlows.Api.Tests.Hosting;
using OrleansFlows.TestKit.Postgres;

namespace OrleansFlows.Api.Tests.Endpoints;

/// <summary>The console's lead, bulk retry, usage and stats routes on PostgreSQL.</summary>
[Collection(PostgresCollection.Name)]
[Trait("Category", "Postgres")]
public sealed class LeadConsoleApiPostgresTests(PostgresServer server) : LeadConsoleApiContract
{
    private readonly TempFolder _data = new();
    private string _connectionString = "";

    protected override async Task<ApiHost> CreateHostAsync(IReadOnlyDictionary<string, string?> settings)
    {
        _connectionString = await server.CreateDatabaseAsync("api_console");
        return ApiHost.Postgres(_data.Path, _connectionString, settings: settings);
    }

    protected override async Task DisposeStoreAsync()
    {
        await server.DropDatabaseAsync(_connectionString);
        _data.Dispose();
    }
}
