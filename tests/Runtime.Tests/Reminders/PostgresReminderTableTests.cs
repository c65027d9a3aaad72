using OrleansFlows.TestKit.Hosting;
using OrleansFlows.TestKit.Postgres;

namespace OrleansFlows.Runtime.Tests.Reminders;

[Collection(PostgresCollection.Name)]
[Trait("Category", "Postgres")]
public sealed class PostgresReminderTableTests(PostgresServer server) : ReminderTableContractTests
{
    protected override Task<TestStore> CreateStorageAsync() => TestStore.PostgresAsync(server, nameof(PostgresReminderTableTests));
}
