using OrleansFlows.TestKit.Hosting;
using OrleansFlows.TestKit.Postgres;

namespace OrleansFlows.Grains.Tests.Records;

public sealed class SqliteLeadRecordsTests : LeadRecordsContractTests
{
    protected override Task<TestStore> CreateStoreAsync() => Task.FromResult(TestStore.Sqlite());
}

[Collection(PostgresCollection.Name)]
[Trait("Category", "Postgres")]
public sealed class PostgresLeadRecordsTests(PostgresServer server) : LeadRecordsContractTests
{
    protected override Task<TestStore> CreateStoreAsync() => TestStore.PostgresAsync(server, "leadrecords");
}
