using OrleansFlows.Api.Tests.Hosting;
using OrleansFlows.TestKit.Postgres;

namespace OrleansFlows.Api.Tests.Endpoints;

/// <summary>Tenant self-service API keys on PostgreSQL, whose key index table is the one a cluster shares.</summary>
[Collection(PostgresCollection.Name)]
[Trait("Category", "Postgres")]
public sealed class ApiKeysApiPostgresTests(PostgresServer server) : IDisposable
{
    private readonly TempFolder _data = new();

    [Fact]
    public async Task IssueListRevoke_WithSecondKey_RevokedKeyIsRefusedAtOnce()
    {
        var connectionString = await server.CreateDatabaseAsync("api_keys");
        try
        {
            await using var host = ApiHost.Postgres(_data.Path, connectionString);
            await ApiKeyScenarios.IssueListRevoke_RevokedKeyRefusedAtOnceAsync(host, "keys-flow");
            await ApiKeyScenarios.RevokeLastKey_Answers409AndKeyKeepsWorkingAsync(host, "keys-last");
        }
        finally
        {
            await server.DropDatabaseAsync(connectionString);
        }
    }

    public void Dispose() => _data.Dispose();
}
