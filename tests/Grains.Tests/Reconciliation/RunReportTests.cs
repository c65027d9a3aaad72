using OrleansFlows.Contracts.Leads;
using OrleansFlows.Contracts.Reconciliation;
using OrleansFlows.Contracts.Tenants;
using OrleansFlows.Grains.Reconciliation;

namespace OrleansFlows.Grains.Tests.Reconciliation;

public sealed class RunReportTests
{
    private static readonly DateOnly Date = new(2026, 11, 30);
    private static readonly DateTimeOffset Start = new(2026, 11, 30, 9, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(0.50, 50)]
    [InlineData(0.95, 95)]
    [InlineData(0.01, 1)]
    [InlineData(1.00, 100)]
    public void Percentile_OneToHundred_IsTheNearestRank(double quantile, long expected)
    {
        var sorted = Enumerable.Range(1, 100).Select(i => (double)i).ToArray();

        Assert.Equal(expected, RunReport.Percentile(sorted, quantile));
    }

    [Fact]
    public void Percentile_NoValues_IsNull() => Assert.Null(RunReport.Percentile([], 0.5));

    [Fact]
    public void Build_MixedLeadsAndChunks_CountsEachAndIgnoresRunningLeadsInDurations()
    {
        LeadOutcomeRow[] leads =
        [
            Lead("a", "orders", LeadStatus.Completed, TimeSpan.FromSeconds(1)),
            Lead("b", "orders", LeadStatus.Completed, TimeSpan.FromSeconds(3)),
            Lead("c", "enrich", LeadStatus.Failed, TimeSpan.FromSeconds(10), "call"),
            Lead("d", "enrich", LeadStatus.Running, TimeSpan.FromHours(5)),
        ];
        ChunkResult[] chunks = [new(0, 2, 2, 1, "k0", null), new(1, 2, 1, 2, "k1", null), new(2, 1, null, 3, "k2", "HTTP 503 from crm")];

        var (report, counts, summary) = RunReport.Build(Work(monthly: false), leads, 5, chunks, [new RepairedLead("c", "enrich", "retried", "failed on retryable step 'call'", null)], null);

        Assert.Equal(new ReconciliationCounts(4, 5, 4, 3, 3, 1, 1, 1), counts);
        Assert.Equal(3, report["durationMs"]!["count"]!.GetValue<int>());
        Assert.Equal(3000, report["durationMs"]!["median"]!.GetValue<long>());
        Assert.Equal(10000, report["durationMs"]!["p95"]!.GetValue<long>());
        Assert.Equal("""{"enrich/call":1}""", report["failuresByStep"]!.ToJsonString());
        Assert.True(report["reconciliation"]!["mismatch"]!.GetValue<bool>());
        Assert.Null(report["month"]);
        Assert.Equal(
            "Reconciliation 2026-11-30 (run 2026-11-30.1): 4 leads (2 completed, 1 failed, 1 running); 5 records, 4 sent in 3 chunks, 3 acknowledged; "
            + "MISMATCH: 1 chunk(s) acknowledged a different count, 1 chunk(s) failed; 1 lead(s) repaired.",
            summary);
    }

    [Fact]
    public void Build_NoConnection_SaysTheSendWasSkipped()
    {
        var (report, counts, _) = RunReport.Build(Work(monthly: false) with { Settings = new BatchSettings("UTC", null, "/", 500, null) }, [], 3, null, [], null);

        Assert.Equal("no connection is configured", report["reconciliation"]!["skipped"]!.GetValue<string>());
        Assert.Equal(new ReconciliationCounts(0, 3, 0, 0, 0, 0, 0, 0), counts);
        Assert.False(report["reconciliation"]!["mismatch"]!.GetValue<bool>());
    }

    private static ReconciliationWork Work(bool monthly) =>
        new(TenantId.Parse("acme"), Date, 1, ReconciliationTrigger.Scheduled, new BatchSettings("UTC", "crm", "/bulk", 2, null), monthly);

    private static LeadOutcomeRow Lead(string id, string workflow, LeadStatus status, TimeSpan took, string? failedStep = null) =>
        new(id, workflow, status, Start, Start + took, failedStep, false);
}
