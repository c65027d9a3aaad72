using OrleansFlows.TestKit.Hosting;
using OrleansFlows.TestKit.Postgres;

namespace OrleansFlows.Runtime.Tests.Persistence;

[Collection(PostgresCollection.Name)]
[Trait("Category", "Postgres")]
public sealed class PostgresStorageFaultTests(PostgresServer server) : StorageFaultContractTests
{
    protected override Task<TestStore> CreateStorageAsync() => TestStore.PostgresAsync(server, nameof(PostgresStorageFaultTests));
}
