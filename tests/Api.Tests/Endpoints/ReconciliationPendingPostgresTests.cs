using OrleansFlows.Api.Tests.Hosting;
using OrleansFlows.TestKit.Postgres;

namespace OrleansFlows.Api.Tests.Endpoints;

/// <summary>Records waiting for a nightly run, on PostgreSQL (its jsonb data read back as text).</summary>
[Collection(PostgresCollection.Name)]
[Trait("Category", "Postgres")]
public sealed class ReconciliationPendingPostgresTests(PostgresServer server) : IDisposable
{
    private readonly TempFolder _data = new();

    [Fact]
    public async Task List_BatchedLeads_ListedByDateInPagesOnlyToOwnTenant()
    {
        var connectionString = await server.CreateDatabaseAsync("api_pending");
        try
        {
            await using var host = ApiHost.Postgres(_data.Path, connectionString);
            await PendingRecordScenarios.BatchedLeads_ListedByDateInPagesOnlyToOwnTenantAsync(host, "pg");
            await PendingRecordScenarios.BadDateOrCursor_Answers400Async(host, "pg");
        }
        finally
        {
            await server.DropDatabaseAsync(connectionString);
        }
    }

    public void Dispose() => _data.Dispose();
}
