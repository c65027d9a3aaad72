using OrleansFlows.Api.Tests.Hosting;
using OrleansFlows.TestKit.Postgres;

namespace OrleansFlows.Api.Tests.Exports;

/// <summary>Exports on PostgreSQL.</summary>
[Collection(ExportMemoryCollection.Name)]
[Trait("Category", "Postgres")]
public sealed class ExportsApiPostgresTests(PostgresServer server) : ExportsApiContract
{
    private readonly TempFolder _data = new();

    protected override string DataDirectory => _data.Path;
    private string _connectionString = "";

    protected override async Task<ApiHost> CreateHostAsync()
    {
        _connectionString = await server.CreateDatabaseAsync("api_exports");
        return ApiHost.Postgres(_data.Path, _connectionString);
    }

    protected override async Task DisposeStoreAsync()
    {
        await server.DropDatabaseAsync(_connectionString);
        _data.Dispose();
    }
}
