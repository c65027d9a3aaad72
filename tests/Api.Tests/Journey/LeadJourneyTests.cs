using OrleansFlows.Api.Tests.Hosting;
using OrleansFlows.TestKit.Postgres;

namespace OrleansFlows.Api.Tests.Journey;

public sealed class SqliteLeadJourneyTests : LeadJourneyContractTests
{
    protected override Task<ApiHost> CreateHostAsync(string dataDirectory, IReadOnlyDictionary<string, string?> settings) =>
        Task.FromResult(ApiHost.Sqlite(dataDirectory, settings: settings));
}

[Collection(PostgresCollection.Name)]
[Trait("Category", "Postgres")]
public sealed class PostgresLeadJourneyTests(PostgresServer server) : LeadJourneyContractTests
{
    protected override async Task<ApiHost> CreateHostAsync(string dataDirectory, IReadOnlyDictionary<string, string?> settings) =>
        ApiHost.Postgres(dataDirectory, await server.CreateDatabaseAsync("journey"), settings: settings);
}
