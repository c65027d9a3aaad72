using OrleansFlows.Grains.Reconciliation.Scheduling;

namespace OrleansFlows.Grains.Tests.Reconciliation;

/// <summary><see cref="BatchClock"/>: the schedule arithmetic read against a <see cref="TimeProvider"/>.</summary>
public sealed class BatchClockTests
{
    private static readonly BatchSchedule Berlin0230 = new(new TimeOnly(2, 30), "Europe/Berlin");
    private static readonly DateOnly TenantCreated = new(2025, 6, 1);

    [Fact]
    public void Now_FakeTimeAdvanced_FollowsTheTimeProvider()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 3, 28, 12, 0, 0, TimeSpan.Zero));
        var clock = new BatchClock(time);

        time.Advance(TimeSpan.FromMinutes(90));

        Assert.Equal(new DateTimeOffset(2026, 3, 28, 13, 30, 0, TimeSpan.Zero), clock.Now);
    }

    [Fact]
    public void Now_SystemTime_IsCloseToTheSystemClock()
    {
        var clock = new BatchClock(TimeProvider.System);

        Assert.InRange(clock.Now, DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow.AddMinutes(1));
    }

    [Fact]
    public void Constructor_NullTimeProvider_Throws()
    {
        Assert.Throws<ArgumentNullException>(() => new BatchClock(null!));
    }

    [Fact]
    public void Today_JustBeforeAndAfterLocalMidnight_ReturnsTheLocalDate()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 3, 28, 22, 59, 0, TimeSpan.Zero));
        var clock = new BatchClock(time);

        Assert.Equal(new DateOnly(2026, 3, 28), clock.Today(Berlin0230));
        time.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(new DateOnly(2026, 3, 29), clock.Today(Berlin0230));
    }

    [Fact]
    public void NextDueBusinessDate_FakeTimeReachesTheEndOfTheSpringForwardGap_BecomesDue()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 3, 29, 0, 59, 59, TimeSpan.Zero));
        var clock = new BatchClock(time);
        var lastCompleted = new DateOnly(2026, 3, 27);

        Assert.Null(clock.NextDueBusinessDate(Berlin0230, lastCompleted, TenantCreated));
        time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(new DateOnly(2026, 3, 28), clock.NextDueBusinessDate(Berlin0230, lastCompleted, TenantCreated));
    }

    [Fact]
    public void DueBusinessDates_FakeTimeAfterThreeMissedNights_ReturnsTheThreeDates()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 3, 14, 8, 0, 0, TimeSpan.Zero));
        var clock = new BatchClock(time);

        var dates = clock.DueBusinessDates(Berlin0230, new DateOnly(2026, 3, 10), TenantCreated);

        Assert.Equal([new DateOnly(2026, 3, 11), new DateOnly(2026, 3, 12), new DateOnly(2026, 3, 13)], dates);
    }

    [Fact]
    public void DueBusinessDates_CustomLookBack_IsPassedThrough()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 3, 14, 8, 0, 0, TimeSpan.Zero));
        var clock = new BatchClock(time);

        var dates = clock.DueBusinessDates(Berlin0230, new DateOnly(2026, 3, 1), TenantCreated, lookBackDays: 2);

        Assert.Equal([new DateOnly(2026, 3, 12), new DateOnly(2026, 3, 13)], dates);
    }

    [Fact]
    public void NextRunInstant_NothingDue_ReturnsTheNextRunInstant()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 3, 28, 12, 0, 0, TimeSpan.Zero));
        var clock = new BatchClock(time);

        var next = clock.NextRunInstant(Berlin0230, new DateOnly(2026, 3, 27), TenantCreated);

        Assert.Equal(new DateTimeOffset(2026, 3, 29, 1, 0, 0, TimeSpan.Zero), next);
    }

    [Fact]
    public void DelayUntilNextRun_NothingDue_ReturnsTheTimeUntilTheRunInstant()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 3, 28, 12, 0, 0, TimeSpan.Zero));
        var clock = new BatchClock(time);

        var delay = clock.DelayUntilNextRun(Berlin0230, new DateOnly(2026, 3, 27), TenantCreated);

        Assert.Equal(TimeSpan.FromHours(13), delay);
    }

    [Fact]
    public void DelayUntilNextRun_DateDue_ReturnsZero()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 3, 29, 5, 0, 0, TimeSpan.Zero));
        var clock = new BatchClock(time);

        var delay = clock.DelayUntilNextRun(Berlin0230, new DateOnly(2026, 3, 27), TenantCreated);

        Assert.Equal(TimeSpan.Zero, delay);
    }

    [Fact]
    public void DelayUntilNextRun_AcrossTheFallBackNight_CountsTheExtraHour()
    {
        // From 12:00 UTC on 24 October to the first 02:30 (CEST) on 25 October: 12 h 30 min.
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 10, 24, 12, 0, 0, TimeSpan.Zero));
        var clock = new BatchClock(time);

        var delay = clock.DelayUntilNextRun(Berlin0230, new DateOnly(2026, 10, 23), TenantCreated);

        Assert.Equal(new TimeSpan(12, 30, 0), delay);

        // After that run, the next is 02:30 CET on 26 October: 25 h later, not 24.
        time.Advance(delay);
        var afterRun = clock.DelayUntilNextRun(Berlin0230, new DateOnly(2026, 10, 24), TenantCreated);
        Assert.Equal(TimeSpan.FromHours(25), afterRun);
    }
}
