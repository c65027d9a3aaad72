using OrleansFlows.Runtime.Reminders;

namespace OrleansFlows.Runtime.Tests.Reminders;

/// <summary>Schedule arithmetic on fixed instants: the next tick is the first grid point strictly after now.</summary>
public sealed class ReminderScheduleTests
{
    private static readonly DateTimeOffset DueAt = new(2025, 3, 30, 2, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Period = TimeSpan.FromMinutes(10);

    [Fact]
    public void NextDue_BeforeDueTime_ReturnsDueTime()
    {
        Assert.Equal(DueAt, ReminderSchedule.NextDue(DueAt, Period, DueAt.AddTicks(-1)));
        Assert.Equal(DueAt, ReminderSchedule.NextDue(DueAt, Period, DueAt.AddDays(-3)));
    }

    [Fact]
    public void NextDue_ExactlyAtDueTime_ReturnsOnePeriodLater()
    {
        Assert.Equal(DueAt + Period, ReminderSchedule.NextDue(DueAt, Period, DueAt));
    }

    [Fact]
    public void NextDue_WithinFirstPeriod_ReturnsOnePeriodLater()
    {
        Assert.Equal(DueAt + Period, ReminderSchedule.NextDue(DueAt, Period, DueAt.AddTicks(1)));
        Assert.Equal(DueAt + Period, ReminderSchedule.NextDue(DueAt, Period, DueAt + Period - TimeSpan.FromTicks(1)));
    }

    [Fact]
    public void NextDue_ExactlyOnLaterTick_ReturnsTheTickAfter()
    {
        Assert.Equal(DueAt + (2 * Period), ReminderSchedule.NextDue(DueAt, Period, DueAt + Period));
        Assert.Equal(DueAt + (8 * Period), ReminderSchedule.NextDue(DueAt, Period, DueAt + (7 * Period)));
    }

    [Fact]
    public void NextDue_AfterManyMissedPeriods_SkipsThemAndStaysOnGrid()
    {
        var now = DueAt + (1000 * Period) + TimeSpan.FromMinutes(3);

        var next = ReminderSchedule.NextDue(DueAt, Period, now);

        Assert.Equal(DueAt + (1001 * Period), next);
        Assert.True(next > now);
        Assert.True(next - now <= Period);
    }

    [Fact]
    public void NextDue_WithSubMillisecondPeriod_UsesWholeTicks()
    {
        var period = TimeSpan.FromTicks(3);

        Assert.Equal(DueAt.AddTicks(12), ReminderSchedule.NextDue(DueAt, period, DueAt.AddTicks(10)));
        Assert.Equal(DueAt.AddTicks(15), ReminderSchedule.NextDue(DueAt, period, DueAt.AddTicks(12)));
    }

    [Fact]
    public void NextDue_AfterYearsWithOneMinutePeriod_DoesNotOverflow()
    {
        var now = DueAt.AddYears(50).AddSeconds(30);

        Assert.Equal(DueAt.AddYears(50).AddMinutes(1), ReminderSchedule.NextDue(DueAt, TimeSpan.FromMinutes(1), now));
    }

    [Fact]
    public void NextDue_WithDifferentOffsets_ComparesInstants()
    {
        // 04:05 at +02:00 is 02:05 UTC: half-way through the first period.
        var now = new DateTimeOffset(2025, 3, 30, 4, 5, 0, TimeSpan.FromHours(2));

        var next = ReminderSchedule.NextDue(DueAt, Period, now);

        Assert.Equal(DueAt + Period, next);
        Assert.Equal(TimeSpan.Zero, next.Offset);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void NextDue_WithNonPositivePeriod_ThrowsArgumentOutOfRangeException(long periodTicks)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => ReminderSchedule.NextDue(DueAt, TimeSpan.FromTicks(periodTicks), DueAt));

        Assert.Equal("period", error.ParamName);
    }
}
