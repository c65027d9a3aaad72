using OrleansFlows.TestKit.Hosting;

namespace OrleansFlows.Runtime.Tests.Reminders;

public sealed class SqliteReminderTableTests : ReminderTableContractTests
{
    protected override Task<TestStore> CreateStorageAsync() => Task.FromResult(TestStore.Sqlite());
}
