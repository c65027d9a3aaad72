using OrleansFlows.TestKit.Hosting;
using OrleansFlows.TestKit.Postgres;

namespace OrleansFlows.Grains.Tests.Audit;

public sealed class SqliteTenantAuditTrailTests : TenantAuditTrailContractTests
{
    protected override Task<TestStore> CreateStoreAsync() => Task.FromResult(TestStore.Sqlite());
}

[Collection(PostgresCollection.Name)]
[Trait("Category", "Postgres")]
public sealed class PostgresTenantAuditTrailTests(PostgresServer server) : TenantAuditTrailContractTests
{
    protected override Task<TestStore> CreateStoreAsync() => TestStore.PostgresAsync(server, "tenantaudit");
}
