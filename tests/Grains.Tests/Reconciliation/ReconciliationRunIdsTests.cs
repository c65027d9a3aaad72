using OrleansFlows.Contracts.Reconciliation;
using OrleansFlows.Grains.Reconciliation;

namespace OrleansFlows.Grains.Tests.Reconciliation;

public sealed class ReconciliationRunIdsTests
{
    [Fact]
    public void Parse_FormattedId_ReadsBack() =>
        Assert.Equal((new DateOnly(2026, 2, 28), 12), ReconciliationRunIds.Parse(ReconciliationRunIds.Format(new DateOnly(2026, 2, 28), 12)));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("2026-02-28")]
    [InlineData("2026-02-28.")]
    [InlineData("2026-02-28.0")]
    [InlineData("2026-02-28.-1")]
    [InlineData("2026-02-30.1")]
    [InlineData("2026-02-28x1")]
    [InlineData("2026-02-28.1 ")]
    [InlineData("2026-02-28.99999999999")]
    public void Parse_NotARunId_IsNull(string? id) => Assert.Null(ReconciliationRunIds.Parse(id));

    [Fact]
    public void Key_SameChunk_IsStableAndDiffersByAttemptAndChunk()
    {
        var tenant = OrleansFlows.Contracts.Tenants.TenantId.Parse("acme");
        var date = new DateOnly(2026, 3, 29);

        var key = ReconciliationIdempotency.Key(tenant, date, 1, 0);

        Assert.Equal(key, ReconciliationIdempotency.Key(tenant, date, 1, 0));
        Assert.StartsWith("rc_", key, StringComparison.Ordinal);
        Assert.Equal(43, key.Length);
        Assert.NotEqual(key, ReconciliationIdempotency.Key(tenant, date, 2, 0));
        Assert.NotEqual(key, ReconciliationIdempotency.Key(tenant, date, 1, 1));
        Assert.NotEqual(key, ReconciliationIdempotency.Key(tenant, date.AddDays(1), 1, 0));
    }
}
