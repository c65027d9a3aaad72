using OrleansFlows.TestKit.Hosting;
using OrleansFlows.TestKit.Postgres;

namespace OrleansFlows.Runtime.Tests.Persistence;

[Collection(PostgresCollection.Name)]
[Trait("Category", "Postgres")]
public sealed class PostgresGrainStorageTests(PostgresServer server) : GrainStorageContractTests
{
    protected override Task<TestStore> CreateStorageAsync() => TestStore.PostgresAsync(server, nameof(PostgresGrainStorageTests));
}
