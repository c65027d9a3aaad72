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

    protected override Task<IReadOnlyList<string>> SweepAsync(string text) => DatabaseSweep.PostgresAsync(_connectionString, text);
}
