using OrleansFlows.Api.Auth;

namespace OrleansFlows.Api.Tests.Throttling;

/// <summary>The throttle's counts stay bounded under a flood of distinct addresses or key ids.</summary>
public sealed class FailureLedgerTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 6, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void RecordFailure_FloodOfDistinctKeys_KeepsAtMostTheBound()
    {
        var ledger = new FailureLedger(maxEntries: 1_000);

        for (var i = 0; i < 50_000; i++)
        {
            ledger.RecordFailure($"address:10.0.{i / 256}.{i % 256}", limit: 20, TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(5), Now);
            Assert.True(ledger.Count <= 1_000, $"{ledger.Count} entries after {i + 1} distinct keys.");
        }
    }

    [Fact]
    public void RecordFailure_FloodWhileOneKeyIsLockedOut_KeepsTheLockout()
    {
        var ledger = new FailureLedger(maxEntries: 1_000);
        for (var i = 0; i < 3; i++)
        {
            ledger.RecordFailure("api-key:guessed", limit: 3, TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(5), Now);
        }

        for (var i = 0; i < 5_000; i++)
        {
            ledger.RecordFailure($"address:flood-{i}", limit: 20, TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(5), Now);
        }

        Assert.Equal(TimeSpan.FromMinutes(5), ledger.LockedFor("api-key:guessed", Now));
    }

    [Fact]
    public void RecordFailure_AfterTheWindow_StartsCountingAfresh()
    {
        var ledger = new FailureLedger(maxEntries: 100);
        ledger.RecordFailure("address:a", limit: 2, TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(5), Now);

        ledger.RecordFailure("address:a", limit: 2, TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(5), Now + TimeSpan.FromMinutes(1));

        Assert.Null(ledger.LockedFor("address:a", Now + TimeSpan.FromMinutes(1)));
        Assert.True(ledger.HasRecentFailures("address:a", Now + TimeSpan.FromMinutes(1)));
        Assert.False(ledger.HasRecentFailures("address:a", Now + TimeSpan.FromMinutes(2)));
    }
}
