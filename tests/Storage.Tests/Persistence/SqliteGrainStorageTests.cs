using OrleansFlows.TestKit.Hosting;

namespace OrleansFlows.Storage.Tests.Persistence;

public sealed class SqliteGrainStorageTests : GrainStorageContractTests
{
    protected override Task<TestStore> CreateStoreAsync() => Task.FromResult(TestStore.Sqlite());
}
