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

    [Fact]
    public void RecordFailure_FloodOfKeysThatEachLockOut_NeverLiftsAnEarlierLockout()
    {
        var ledger = new FailureLedger(maxEntries: 100);
        ledger.RecordFailure("api-key:guessed", limit: 1, TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(5), Now);

        for (var i = 0; i < 10_000; i++)
        {
            ledger.RecordFailure($"address:flood-{i}", limit: 1, TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(5), Now);
            Assert.True(ledger.Count <= 100, $"{ledger.Count} entries after {i + 1} distinct keys.");
        }

        Assert.Equal(TimeSpan.FromMinutes(5), ledger.LockedFor("api-key:guessed", Now));

        // The first keys locked out are kept too; the keys past the bound were not tracked.
        Assert.NotNull(ledger.LockedFor("address:flood-0", Now));
        Assert.Null(ledger.LockedFor("address:flood-9999", Now));
        Assert.False(ledger.RecordFailure("address:one-more", limit: 1, TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(5), Now));
    }

    [Fact]
    public void RecordFailure_FullOfLockedOutKeys_TracksNewKeysAgainOnceTheLockoutsEnd()
    {
        var ledger = new FailureLedger(maxEntries: 100);
        for (var i = 0; i < 100; i++)
        {
            ledger.RecordFailure($"address:locked-{i}", limit: 1, TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(5), Now);
        }

        Assert.False(ledger.RecordFailure("address:new", limit: 1, TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(5), Now));

        var later = Now + TimeSpan.FromMinutes(5);
        Assert.True(ledger.RecordFailure("address:new", limit: 1, TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(5), later));
        Assert.Equal(TimeSpan.FromMinutes(5), ledger.LockedFor("address:new", later));
        Assert.True(ledger.Count <= 100, $"{ledger.Count} entries.");
    }

    [Fact]
    public void RecordFailure_FullWithUnlockedKeys_DropsTheLeastRecentlyFailedAndKeepsTheLocked()
    {
        var ledger = new FailureLedger(maxEntries: 100);
        ledger.RecordFailure("address:locked", limit: 1, TimeSpan.FromMinutes(10), TimeSpan.FromMinutes(10), Now);
        for (var i = 0; i < 99; i++)
        {
            ledger.RecordFailure($"address:old-{i}", limit: 20, TimeSpan.FromMinutes(10), TimeSpan.FromMinutes(10), Now + TimeSpan.FromSeconds(i));
        }

        var later = Now + TimeSpan.FromMinutes(2);
        Assert.True(ledger.RecordFailure("address:new", limit: 20, TimeSpan.FromMinutes(10), TimeSpan.FromMinutes(10), later));

        Assert.True(ledger.HasRecentFailures("address:new", later));
        Assert.NotNull(ledger.LockedFor("address:locked", later));
        Assert.False(ledger.HasRecentFailures("address:old-0", later));
        Assert.True(ledger.HasRecentFailures("address:old-98", later));
        Assert.True(ledger.Count <= 100, $"{ledger.Count} entries.");
    }

    [Fact]
    public async Task RecordFailure_SameKeysFromManyThreads_KeepsEveryKeyUpToTheBound()
    {
        var ledger = new FailureLedger(maxEntries: 100);
        using var start = new Barrier(8);

        // Many requests adding the same new keys at once must not count a key twice and so push others out.
        await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() =>
        {
            start.SignalAndWait();
            for (var round = 0; round < 50; round++)
            {
                for (var i = 0; i < 100; i++)
                {
                    Assert.True(ledger.RecordFailure($"address:{i}", limit: int.MaxValue, TimeSpan.FromMinutes(10), TimeSpan.FromMinutes(5), Now));
                }
            }
        })));

        Assert.Equal(100, ledger.Count);
        for (var i = 0; i < 100; i++)
        {
            Assert.True(ledger.HasRecentFailures($"address:{i}", Now), $"address:{i} was dropped.");
        }
    }
}
