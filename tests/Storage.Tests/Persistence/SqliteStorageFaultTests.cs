using OrleansFlows.TestKit.Hosting;

namespace OrleansFlows.Runtime.Tests.Persistence;

public sealed class SqliteStorageFaultTests : StorageFaultContractTests
{
    protected override Task<TestStore> CreateStorageAsync() => Task.FromResult(TestStore.Sqlite());
}
