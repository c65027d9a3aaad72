using OrleansFlows.TestKit.Hosting;
using OrleansFlows.TestKit.Postgres;

namespace OrleansFlows.Storage.Tests.Persistence;

[Collection(PostgresCollection.Name)]
[Trait("Category", "Postgres")]
public sealed class PostgresGrainStorageTests(PostgresServer server) : GrainStorageContractTests
{
    protected override Task<TestStore> CreateStoreAsync() => TestStore.PostgresAsync(server, nameof(PostgresGrainStorageTests));
}
