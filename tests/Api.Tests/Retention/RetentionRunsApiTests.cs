using OrleansFlows.Api.Tests.Hosting;
using OrleansFlows.TestKit.Postgres;

namespace OrleansFlows.Api.Tests.Retention;

/// <summary>Retention runs through the API on SQLite.</summary>
public sealed class SqliteRetentionRunsApiTests : RetentionRunsApiContract
{
    protected override Task<ApiHost> CreateHostAsync(IReadOnlyDictionary<string, string?> settings) =>
        Task.FromResult(ApiHost.Sqlite(DataDirectory, settings: settings));

    protected override Task DisposeStoreAsync() => Task.CompletedTask;
}

/// <summary>Retention runs through the API on PostgreSQL.</summary>
[Collection(PostgresCollection.Name)]
[Trait("Category", "Postgres")]
public sealed class PostgresRetentionRunsApiTests(PostgresServer server) : RetentionRunsApiContract
{
    private string? _connectionString;

    protected override async Task<ApiHost> CreateHostAsync(IReadOnlyDictionary<string, string?> settings)
    {
        _connectionString ??= await server.CreateDatabaseAsync("api_retention_runs");
        return ApiHost.Postgres(DataDirectory, _connectionString, settings: settings);
    }

    protected override async Task DisposeStoreAsync()
    {
        if (_connectionString is not null)
        {
            await server.DropDatabaseAsync(_connectionString);
        }
    }
}
