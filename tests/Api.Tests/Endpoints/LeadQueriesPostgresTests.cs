using OrleansFlows.TestKit.Hosting;
using OrleansFlows.TestKit.Postgres;

namespace OrleansFlows.Api.Tests.Endpoints;

/// <summary>The lead search, daily usage and workflow stats queries on PostgreSQL.</summary>
[Collection(PostgresCollection.Name)]
[Trait("Category", "Postgres")]
public sealed class LeadQueriesPostgresTests(PostgresServer server) : LeadQueriesContract
{
    protected override Task<TestStore> CreateStoreAsync() => TestStore.PostgresAsync(server, "api_lead_queries");
}
