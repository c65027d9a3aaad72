using OrleansFlows.Grains.Reconciliation.Scheduling;

namespace OrleansFlows.Grains.Tests.Reconciliation;

/// <summary>
/// <see cref="BatchScheduleCalculator"/>: run instants across daylight-saving nights in northern and southern zones,
/// due dates and catch-up, time zone changes, and monthly report dates. Transition instants are those of the
/// installed IANA data (2026: Berlin 29 Mar / 25 Oct, New York 8 Mar / 1 Nov, Sydney and Auckland 5 Apr back and
/// 4 Oct / 27 Sep forward, Santiago 5 Apr back and 6 Sep forward at local midnight).
/// </summary>
public sealed class BatchScheduleCalculatorTests
{
    private const string Berlin = "Europe/Berlin";
    private const string NewYork = "America/New_York";
    private const string Sydney = "Australia/Sydney";
    private const string Auckland = "Pacific/Auckland";
    private const string Santiago = "America/Santiago";
    private const string LordHowe = "Australia/Lord_Howe";

    private static BatchSchedule At(int hour, int minute, string zone, int? monthlyDay = null) =>
        new(new TimeOnly(hour, minute), zone, monthlyDay);

    private static DateOnly Date(int year, int month, int day) => new(year, month, day);

    private static DateTimeOffset Utc(int year, int month, int day, int hour, int minute) =>
        new(year, month, day, hour, minute, 0, TimeSpan.Zero);

    private static DateTimeOffset Local(int year, int month, int day, int hour, int minute, double offsetHours) =>
        new(year, month, day, hour, minute, 0, TimeSpan.FromHours(offsetHours));

    // ---- Run instants on ordinary days ----

    [Fact]
    public void RunInstant_WinterDayInBerlin_RunsAtDailyAtOnTheNextLocalDay()
    {
        var instant = BatchScheduleCalculator.RunInstant(Date(2026, 1, 14), At(2, 0, Berlin));

        Assert.Equal(Utc(2026, 1, 15, 1, 0), instant);
        Assert.Equal(TimeSpan.FromHours(1), instant.Offset);
    }

    [Fact]
    public void RunInstant_SummerDayInBerlin_RunsAtDailyAtOnDaylightTime()
    {
        var instant = BatchScheduleCalculator.RunInstant(Date(2026, 7, 1), At(2, 0, Berlin));

        Assert.Equal(Utc(2026, 7, 2, 0, 0), instant);
        Assert.Equal(TimeSpan.FromHours(2), instant.Offset);
    }

    [Fact]
    public void RunInstant_MidnightSchedule_RunsAsTheBusinessDateEnds()
    {
        var instant = BatchScheduleCalculator.RunInstant(Date(2026, 1, 14), At(0, 0, NewYork));

        Assert.Equal(Local(2026, 1, 15, 0, 0, -5), instant);
    }

    [Fact]
    public void RunInstant_LateEveningSchedule_RunsOnTheNextLocalDay()
    {
        var instant = BatchScheduleCalculator.RunInstant(Date(2026, 1, 14), At(23, 30, Sydney));

        Assert.Equal(Local(2026, 1, 15, 23, 30, 11), instant);
        Assert.Equal(Utc(2026, 1, 15, 12, 30), instant);
    }

    [Fact]
    public void RunInstant_EndOfYear_RunsOnNewYearsDay()
    {
        var instant = BatchScheduleCalculator.RunInstant(Date(2026, 12, 31), At(2, 0, Auckland));

        Assert.Equal(Local(2027, 1, 1, 2, 0, 13), instant);
    }

    // ---- Spring-forward nights: a nonexistent local time runs at the end of the gap ----

    [Fact]
    public void RunInstant_Berlin0230OnSpringForwardNight_RunsAtThreeOClockDaylightTime()
    {
        var instant = BatchScheduleCalculator.RunInstant(Date(2026, 3, 28), At(2, 30, Berlin));

        Assert.Equal(Utc(2026, 3, 29, 1, 0), instant);
        Assert.Equal(Local(2026, 3, 29, 3, 0, 2), instant);
        Assert.Equal(TimeSpan.FromHours(2), instant.Offset);
    }

    [Fact]
    public void RunInstant_Berlin0200OnSpringForwardNight_RunsAtThreeOClockDaylightTime()
    {
        var instant = BatchScheduleCalculator.RunInstant(Date(2026, 3, 28), At(2, 0, Berlin));

        Assert.Equal(Utc(2026, 3, 29, 1, 0), instant);
    }

    [Fact]
    public void RunInstant_BerlinAroundSpringForwardNight_RunsAtTheLocalTimeOnEitherSide()
    {
        var schedule = At(2, 30, Berlin);

        Assert.Equal(Utc(2026, 3, 28, 1, 30), BatchScheduleCalculator.RunInstant(Date(2026, 3, 27), schedule));
        Assert.Equal(Utc(2026, 3, 30, 0, 30), BatchScheduleCalculator.RunInstant(Date(2026, 3, 29), schedule));
    }

    [Theory]
    [InlineData(1, 59, 2026, 3, 29, 0, 59)]
    [InlineData(3, 0, 2026, 3, 29, 1, 0)]
    [InlineData(3, 1, 2026, 3, 29, 1, 1)]
    public void RunInstant_BerlinJustOutsideTheGap_RunsAtThatLocalTime(int hour, int minute, int y, int mo, int d, int uh, int um)
    {
        var instant = BatchScheduleCalculator.RunInstant(Date(2026, 3, 28), At(hour, minute, Berlin));

        Assert.Equal(Utc(y, mo, d, uh, um), instant);
    }

    [Fact]
    public void RunInstant_NewYork0230OnSpringForwardNight_RunsAtThreeOClockDaylightTime()
    {
        var instant = BatchScheduleCalculator.RunInstant(Date(2026, 3, 7), At(2, 30, NewYork));

        Assert.Equal(Utc(2026, 3, 8, 7, 0), instant);
        Assert.Equal(Local(2026, 3, 8, 3, 0, -4), instant);
        Assert.Equal(TimeSpan.FromHours(-4), instant.Offset);
    }

    [Fact]
    public void RunInstant_Sydney0230OnSpringForwardNight_RunsAtThreeOClockDaylightTime()
    {
        var instant = BatchScheduleCalculator.RunInstant(Date(2026, 10, 3), At(2, 30, Sydney));

        Assert.Equal(Utc(2026, 10, 3, 16, 0), instant);
        Assert.Equal(Local(2026, 10, 4, 3, 0, 11), instant);
        Assert.Equal(TimeSpan.FromHours(11), instant.Offset);
    }

    [Fact]
    public void RunInstant_Auckland0230OnSpringForwardNight_RunsAtThreeOClockDaylightTime()
    {
        var instant = BatchScheduleCalculator.RunInstant(Date(2026, 9, 26), At(2, 30, Auckland));

        Assert.Equal(Utc(2026, 9, 26, 14, 0), instant);
        Assert.Equal(Local(2026, 9, 27, 3, 0, 13), instant);
    }

    [Fact]
    public void RunInstant_Santiago0030OnSpringForwardNight_RunsAtOneOClockDaylightTime()
    {
        // Santiago springs forward at local midnight: 00:00 -04 becomes 01:00 -03.
        var instant = BatchScheduleCalculator.RunInstant(Date(2026, 9, 5), At(0, 30, Santiago));

        Assert.Equal(Utc(2026, 9, 6, 4, 0), instant);
        Assert.Equal(Local(2026, 9, 6, 1, 0, -3), instant);
    }

    [Fact]
    public void RunInstant_LordHoweHalfHourGap_RunsAtTheEndOfTheHalfHourGap()
    {
        // Lord Howe moves from +10:30 to +11 at 02:00, so 02:00–02:30 does not exist.
        var instant = BatchScheduleCalculator.RunInstant(Date(2026, 10, 3), At(2, 15, LordHowe));

        Assert.Equal(Utc(2026, 10, 3, 15, 30), instant);
        Assert.Equal(Local(2026, 10, 4, 2, 30, 11), instant);
    }

    [Fact]
    public void RunInstant_SamoaSkippedDay_RunsAtTheFirstInstantAfterTheSkippedDay()
    {
        // Samoa skipped 30 December 2011 entirely: 29 Dec 23:59:59 -10 was followed by 31 Dec 00:00 +14.
        var schedule = At(2, 0, "Pacific/Apia");

        Assert.Equal(Utc(2011, 12, 29, 12, 0), BatchScheduleCalculator.RunInstant(Date(2011, 12, 28), schedule));
        Assert.Equal(Utc(2011, 12, 30, 10, 0), BatchScheduleCalculator.RunInstant(Date(2011, 12, 29), schedule));
        Assert.Equal(Local(2011, 12, 31, 0, 0, 14), BatchScheduleCalculator.RunInstant(Date(2011, 12, 29), schedule));
        Assert.Equal(Utc(2011, 12, 30, 12, 0), BatchScheduleCalculator.RunInstant(Date(2011, 12, 30), schedule));
    }

    // ---- Fall-back nights: an ambiguous local time runs at its first occurrence ----

    [Fact]
    public void RunInstant_Berlin0230OnFallBackNight_RunsAtTheFirstDaylightOccurrence()
    {
        var instant = BatchScheduleCalculator.RunInstant(Date(2026, 10, 24), At(2, 30, Berlin));

        Assert.Equal(Utc(2026, 10, 25, 0, 30), instant);
        Assert.Equal(Local(2026, 10, 25, 2, 30, 2), instant);
        Assert.Equal(TimeSpan.FromHours(2), instant.Offset);
    }

    [Fact]
    public void RunInstant_NewYork0130OnFallBackNight_RunsAtTheFirstDaylightOccurrence()
    {
        var instant = BatchScheduleCalculator.RunInstant(Date(2026, 10, 31), At(1, 30, NewYork));

        Assert.Equal(Utc(2026, 11, 1, 5, 30), instant);
        Assert.Equal(Local(2026, 11, 1, 1, 30, -4), instant);
    }

    [Fact]
    public void RunInstant_Sydney0230OnFallBackNight_RunsAtTheFirstDaylightOccurrence()
    {
        var instant = BatchScheduleCalculator.RunInstant(Date(2026, 4, 4), At(2, 30, Sydney));

        Assert.Equal(Utc(2026, 4, 4, 15, 30), instant);
        Assert.Equal(Local(2026, 4, 5, 2, 30, 11), instant);
    }

    [Fact]
    public void RunInstant_Auckland0230OnFallBackNight_RunsAtTheFirstDaylightOccurrence()
    {
        var instant = BatchScheduleCalculator.RunInstant(Date(2026, 4, 4), At(2, 30, Auckland));

        Assert.Equal(Utc(2026, 4, 4, 13, 30), instant);
        Assert.Equal(Local(2026, 4, 5, 2, 30, 13), instant);
    }

    [Fact]
    public void RunInstant_Santiago2330OnFallBackNight_RunsAtTheFirstDaylightOccurrence()
    {
        // Santiago falls back at local midnight: 24:00 -03 becomes 23:00 -04, so 23:30 on 4 April happens twice.
        var instant = BatchScheduleCalculator.RunInstant(Date(2026, 4, 3), At(23, 30, Santiago));

        Assert.Equal(Utc(2026, 4, 5, 2, 30), instant);
        Assert.Equal(Local(2026, 4, 4, 23, 30, -3), instant);
    }

    [Fact]
    public void RunInstant_LordHoweHalfHourOverlap_RunsAtTheFirstOccurrence()
    {
        var instant = BatchScheduleCalculator.RunInstant(Date(2026, 4, 4), At(1, 45, LordHowe));

        Assert.Equal(Utc(2026, 4, 4, 14, 45), instant);
    }

    [Fact]
    public void RunInstant_StandardOffsetMovedBack_RunsAtTheFirstOccurrence()
    {
        // Moscow moved its standard time from +4 to +3 on 26 October 2014: 01:00–02:00 happened twice, with no DST.
        var instant = BatchScheduleCalculator.RunInstant(Date(2014, 10, 25), At(1, 30, "Europe/Moscow"));

        Assert.Equal(Utc(2014, 10, 25, 21, 30), instant);
        Assert.Equal(Local(2014, 10, 26, 1, 30, 4), instant);
    }

    // ---- Whole years: one run instant per date, never going backwards ----

    public static TheoryData<string, int, int> ZonesAndTimes() => new()
    {
        { Berlin, 2, 30 },
        { Berlin, 2, 0 },
        { NewYork, 1, 30 },
        { NewYork, 2, 30 },
        { Sydney, 2, 30 },
        { Auckland, 2, 30 },
        { Santiago, 0, 30 },
        { Santiago, 23, 30 },
        { LordHowe, 1, 45 },
        { LordHowe, 2, 15 },
    };

    [Theory]
    [MemberData(nameof(ZonesAndTimes))]
    public void RunInstant_EveryDateOf2026_IsAtDailyAtOrTheEndOfItsGapAndStrictlyIncreasing(string zoneId, int hour, int minute)
    {
        var schedule = At(hour, minute, zoneId);
        var zone = TimeZoneInfo.FindSystemTimeZoneById(zoneId);
        var previous = DateTimeOffset.MinValue;
        var shifted = 0;

        for (var date = Date(2025, 12, 31); date <= Date(2026, 12, 31); date = date.AddDays(1))
        {
            var instant = BatchScheduleCalculator.RunInstant(date, schedule);
            var local = TimeZoneInfo.ConvertTime(instant, zone);

            Assert.Equal(zone.GetUtcOffset(instant), instant.Offset);
            Assert.Equal(date.AddDays(1), DateOnly.FromDateTime(local.DateTime));
            if (TimeOnly.FromDateTime(local.DateTime) != schedule.DailyAt)
            {
                Assert.True(zone.IsInvalidTime(date.AddDays(1).ToDateTime(schedule.DailyAt)), $"{date} ran at {local} without a gap.");
                Assert.True(zone.IsInvalidTime(local.DateTime.AddTicks(-1)), $"{date} ran at {local}, not at the end of the gap.");
                shifted++;
            }

            Assert.True(instant > previous, $"{date} runs at {instant}, not after the previous date's {previous}.");
            previous = instant;
        }

        Assert.InRange(shifted, 0, 1);
    }

    // ---- Due dates ----

    [Fact]
    public void NextDueBusinessDate_BeforeTheRunInstant_ReturnsNull()
    {
        var next = BatchScheduleCalculator.NextDueBusinessDate(
            At(2, 0, Berlin), Date(2026, 1, 13), Utc(2026, 1, 15, 0, 59), Date(2025, 6, 1));

        Assert.Null(next);
    }

    [Fact]
    public void NextDueBusinessDate_ExactlyAtTheRunInstant_ReturnsTheDate()
    {
        var next = BatchScheduleCalculator.NextDueBusinessDate(
            At(2, 0, Berlin), Date(2026, 1, 13), Utc(2026, 1, 15, 1, 0), Date(2025, 6, 1));

        Assert.Equal(Date(2026, 1, 14), next);
    }

    [Fact]
    public void NextDueBusinessDate_LatestDueDateAlreadyCompleted_ReturnsNull()
    {
        var next = BatchScheduleCalculator.NextDueBusinessDate(
            At(2, 0, Berlin), Date(2026, 1, 14), Utc(2026, 1, 15, 23, 0), Date(2025, 6, 1));

        Assert.Null(next);
    }

    [Fact]
    public void NextDueBusinessDate_NewTenantAfterItsFirstNight_ReturnsTheCreationDate()
    {
        var next = BatchScheduleCalculator.NextDueBusinessDate(
            At(2, 0, NewYork), null, Utc(2026, 5, 11, 6, 0), Date(2026, 5, 10));

        Assert.Equal(Date(2026, 5, 10), next);
    }

    [Fact]
    public void NextDueBusinessDate_NewTenantOnItsFirstDay_ReturnsNull()
    {
        var next = BatchScheduleCalculator.NextDueBusinessDate(
            At(2, 0, NewYork), null, Utc(2026, 5, 10, 22, 0), Date(2026, 5, 10));

        Assert.Null(next);
    }

    [Fact]
    public void NextDueBusinessDate_SeveralDatesDue_ReturnsTheEarliest()
    {
        var next = BatchScheduleCalculator.NextDueBusinessDate(
            At(2, 0, Berlin), Date(2026, 1, 10), Utc(2026, 1, 15, 12, 0), Date(2025, 6, 1));

        Assert.Equal(Date(2026, 1, 11), next);
    }

    [Fact]
    public void NextDueBusinessDate_NowGivenInAnotherOffset_JudgesTheSameInstant()
    {
        var schedule = At(2, 0, Berlin);
        var justBefore = Local(2026, 1, 14, 19, 59, -5); // 00:59 UTC, 01:59 in Berlin
        var justAt = Local(2026, 1, 15, 14, 0, 13); // 01:00 UTC, 02:00 in Berlin

        Assert.Null(BatchScheduleCalculator.NextDueBusinessDate(schedule, Date(2026, 1, 13), justBefore, Date(2025, 6, 1)));
        Assert.Equal(Date(2026, 1, 14), BatchScheduleCalculator.NextDueBusinessDate(schedule, Date(2026, 1, 13), justAt, Date(2025, 6, 1)));
    }

    [Fact]
    public void NextRunInstant_NothingDue_ReturnsTheNextDatesRunInstant()
    {
        var next = BatchScheduleCalculator.NextRunInstant(
            At(2, 0, Berlin), Date(2026, 1, 14), Utc(2026, 1, 15, 9, 0), Date(2025, 6, 1));

        Assert.Equal(Utc(2026, 1, 16, 1, 0), next);
    }

    [Fact]
    public void NextRunInstant_BeforeSpringForwardNight_ReturnsTheEndOfTheGap()
    {
        var next = BatchScheduleCalculator.NextRunInstant(
            At(2, 30, Berlin), Date(2026, 3, 27), Utc(2026, 3, 28, 12, 0), Date(2025, 6, 1));

        Assert.Equal(Utc(2026, 3, 29, 1, 0), next);
    }

    [Fact]
    public void NextRunInstant_DateDue_ReturnsItsRunInstantNotAfterNow()
    {
        var now = Utc(2026, 1, 15, 9, 0);

        var next = BatchScheduleCalculator.NextRunInstant(At(2, 0, Berlin), Date(2026, 1, 12), now, Date(2025, 6, 1));

        Assert.Equal(Utc(2026, 1, 14, 1, 0), next);
        Assert.True(next <= now);
    }

    [Fact]
    public void NextRunInstant_NewTenantOnItsFirstDay_ReturnsTheRunForItsCreationDate()
    {
        var next = BatchScheduleCalculator.NextRunInstant(At(2, 0, NewYork), null, Utc(2026, 5, 10, 15, 0), Date(2026, 5, 10));

        Assert.Equal(Local(2026, 5, 11, 2, 0, -4), next);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(59)]
    [InlineData(60)]
    [InlineData(61)]
    [InlineData(120)]
    [InlineData(1439)]
    public void NextRunInstant_AnyMomentOfTheSpringForwardDay_AgreesWithNextDueBusinessDate(int minutesAfterMidnightUtc)
    {
        var schedule = At(2, 30, Berlin);
        var now = Utc(2026, 3, 29, 0, 0).AddMinutes(minutesAfterMidnightUtc);

        var due = BatchScheduleCalculator.NextDueBusinessDate(schedule, Date(2026, 3, 27), now, Date(2025, 6, 1));
        var next = BatchScheduleCalculator.NextRunInstant(schedule, Date(2026, 3, 27), now, Date(2025, 6, 1));

        Assert.Equal(due is not null, next <= now);
        Assert.Equal(Utc(2026, 3, 29, 1, 0), next);
    }

    // ---- Transition nights, polled every minute: each date runs exactly once ----

    public static TheoryData<string, int, int, DateOnly, DateTimeOffset> TransitionNights() => new()
    {
        // Spring forward: the 02:30 run happens at the end of the gap.
        { Berlin, 2, 30, Date(2026, 3, 28), Utc(2026, 3, 29, 1, 0) },
        { NewYork, 2, 30, Date(2026, 3, 7), Utc(2026, 3, 8, 7, 0) },
        { Sydney, 2, 30, Date(2026, 10, 3), Utc(2026, 10, 3, 16, 0) },
        { Auckland, 2, 30, Date(2026, 9, 26), Utc(2026, 9, 26, 14, 0) },
        { Santiago, 0, 30, Date(2026, 9, 5), Utc(2026, 9, 6, 4, 0) },

        // Fall back: the run happens at the first occurrence, and not again at the second.
        { Berlin, 2, 30, Date(2026, 10, 24), Utc(2026, 10, 25, 0, 30) },
        { NewYork, 1, 30, Date(2026, 10, 31), Utc(2026, 11, 1, 5, 30) },
        { Sydney, 2, 30, Date(2026, 4, 4), Utc(2026, 4, 4, 15, 30) },
        { Auckland, 2, 30, Date(2026, 4, 4), Utc(2026, 4, 4, 13, 30) },
        { Santiago, 23, 30, Date(2026, 4, 3), Utc(2026, 4, 5, 2, 30) },
    };

    [Theory]
    [MemberData(nameof(TransitionNights))]
    public void NextDueBusinessDate_PolledEveryMinuteAcrossATransitionNight_RunsTheDateOnceAtItsInstant(
        string zone, int hour, int minute, DateOnly businessDate, DateTimeOffset expected)
    {
        var schedule = At(hour, minute, zone);

        var runs = BatchSimulation.Poll(
            _ => schedule,
            tenantCreated: Date(2025, 6, 1),
            lastCompleted: businessDate.AddDays(-1),
            from: expected.AddHours(-6),
            until: expected.AddHours(6),
            step: TimeSpan.FromMinutes(1));

        var run = Assert.Single(runs);
        Assert.Equal(new SimulatedRun(businessDate, expected), run);
    }

    [Fact]
    public void NextDueBusinessDate_BerlinAtTheSecondOccurrenceOf0230_ReturnsNull()
    {
        // 01:30 UTC is 02:30 CET, the second 02:30 of the fall-back night; the date ran at the first.
        var next = BatchScheduleCalculator.NextDueBusinessDate(
            At(2, 30, Berlin), Date(2026, 10, 24), Utc(2026, 10, 25, 1, 30), Date(2025, 6, 1));

        Assert.Null(next);
    }

    [Fact]
    public void NextDueBusinessDate_NewYorkBetweenTheTwo0130s_ReturnsTheDateOnlyUntilItRan()
    {
        var schedule = At(1, 30, NewYork);
        var betweenOccurrences = Utc(2026, 11, 1, 6, 0); // 01:00 EST, after 01:30 EDT and before 01:30 EST

        Assert.Equal(Date(2026, 10, 31), BatchScheduleCalculator.NextDueBusinessDate(schedule, Date(2026, 10, 30), betweenOccurrences, Date(2025, 6, 1)));
        Assert.Null(BatchScheduleCalculator.NextDueBusinessDate(schedule, Date(2026, 10, 31), Utc(2026, 11, 1, 6, 30), Date(2025, 6, 1)));
    }

    [Theory]
    [MemberData(nameof(ZonesAndTimes))]
    public void NextRunInstant_FollowedAsRemindersThrough2026_RunsEveryDateOnceInOrderAtItsRunInstant(string zone, int hour, int minute)
    {
        var schedule = At(hour, minute, zone);

        var runs = BatchSimulation.FollowReminders(
            schedule,
            tenantCreated: Date(2025, 12, 31),
            lastCompleted: null,
            from: Utc(2025, 12, 31, 0, 0),
            until: Utc(2026, 12, 30, 0, 0));

        var expectedDates = Enumerable.Range(0, runs.Count).Select(i => Date(2025, 12, 31).AddDays(i));
        Assert.Equal(expectedDates, runs.Select(run => run.BusinessDate));
        Assert.InRange(runs[^1].BusinessDate, Date(2026, 12, 27), Date(2026, 12, 29));
        Assert.True(runs[^1].RanAt <= Utc(2026, 12, 30, 0, 0));
        Assert.True(BatchScheduleCalculator.RunInstant(runs[^1].BusinessDate.AddDays(1), schedule) > Utc(2026, 12, 30, 0, 0));
        Assert.All(runs, run => Assert.Equal(BatchScheduleCalculator.RunInstant(run.BusinessDate, schedule), run.RanAt));
    }

    // ---- Catch-up ----

    [Fact]
    public void DueBusinessDates_ThreeNightsDown_ReturnsTheThreeDatesInOrder()
    {
        // Last run: the batch for 10 March, at 02:00 on 11 March. Back at 09:00 on 14 March.
        var dates = BatchScheduleCalculator.DueBusinessDates(
            At(2, 0, Berlin), Date(2026, 3, 10), Utc(2026, 3, 14, 8, 0), Date(2025, 6, 1));

        Assert.Equal([Date(2026, 3, 11), Date(2026, 3, 12), Date(2026, 3, 13)], dates);
    }

    [Fact]
    public void DueBusinessDates_ThreeNightsDownRestartedJustBeforeTheRun_ReturnsTwoDates()
    {
        // Back at 01:59 on 14 March: the batch for 13 March is not due until 02:00.
        var dates = BatchScheduleCalculator.DueBusinessDates(
            At(2, 0, Berlin), Date(2026, 3, 10), Utc(2026, 3, 14, 0, 59), Date(2025, 6, 1));

        Assert.Equal([Date(2026, 3, 11), Date(2026, 3, 12)], dates);
    }

    [Fact]
    public void DueBusinessDates_DownAcrossSpringForwardNight_ReturnsEachMissedDateOnce()
    {
        var dates = BatchScheduleCalculator.DueBusinessDates(
            At(2, 30, Berlin), Date(2026, 3, 26), Utc(2026, 3, 30, 12, 0), Date(2025, 6, 1));

        Assert.Equal([Date(2026, 3, 27), Date(2026, 3, 28), Date(2026, 3, 29)], dates);
    }

    [Fact]
    public void DueBusinessDates_TwelveNightsDown_ReturnsOnlyTheSevenMostRecentDates()
    {
        var dates = BatchScheduleCalculator.DueBusinessDates(
            At(2, 0, Berlin), Date(2026, 3, 1), Utc(2026, 3, 14, 8, 0), Date(2025, 6, 1));

        Assert.Equal(7, dates.Count);
        Assert.Equal(Date(2026, 3, 7), dates[0]);
        Assert.Equal(Date(2026, 3, 13), dates[^1]);
        Assert.Equal(Enumerable.Range(0, 7).Select(i => Date(2026, 3, 7).AddDays(i)), dates);
    }

    [Fact]
    public void DueBusinessDates_NeverCompletedAndLongOverdue_ReturnsOnlyTheSevenMostRecentDates()
    {
        var dates = BatchScheduleCalculator.DueBusinessDates(
            At(2, 0, Berlin), null, Utc(2026, 3, 14, 8, 0), Date(2025, 6, 1));

        Assert.Equal(Enumerable.Range(0, 7).Select(i => Date(2026, 3, 7).AddDays(i)), dates);
    }

    [Fact]
    public void DueBusinessDates_ExactlySevenNightsDown_ReturnsAllSeven()
    {
        var dates = BatchScheduleCalculator.DueBusinessDates(
            At(2, 0, Berlin), Date(2026, 3, 6), Utc(2026, 3, 14, 8, 0), Date(2025, 6, 1));

        Assert.Equal(Enumerable.Range(0, 7).Select(i => Date(2026, 3, 7).AddDays(i)), dates);
    }

    [Theory]
    [InlineData(1, 13)]
    [InlineData(3, 11)]
    [InlineData(30, 2)]
    public void DueBusinessDates_CustomLookBack_StartsAtTheOldestDateInTheLookBack(int lookBackDays, int firstDay)
    {
        var dates = BatchScheduleCalculator.DueBusinessDates(
            At(2, 0, Berlin), Date(2026, 3, 1), Utc(2026, 3, 14, 8, 0), Date(2025, 6, 1), lookBackDays);

        Assert.Equal(Date(2026, 3, firstDay), dates[0]);
        Assert.Equal(Date(2026, 3, 13), dates[^1]);
        Assert.Equal(Enumerable.Range(0, 14 - firstDay).Select(i => Date(2026, 3, firstDay).AddDays(i)), dates);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-7)]
    public void DueBusinessDates_LookBackBelowOne_Throws(int lookBackDays)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => BatchScheduleCalculator.DueBusinessDates(
            At(2, 0, Berlin), null, Utc(2026, 3, 14, 8, 0), Date(2025, 6, 1), lookBackDays));
    }

    [Fact]
    public void DueBusinessDates_TenantCreatedThreeDaysAgo_NeverReturnsADateBeforeCreation()
    {
        var dates = BatchScheduleCalculator.DueBusinessDates(
            At(2, 0, Berlin), null, Utc(2026, 3, 14, 8, 0), Date(2026, 3, 11));

        Assert.Equal([Date(2026, 3, 11), Date(2026, 3, 12), Date(2026, 3, 13)], dates);
    }

    [Fact]
    public void DueBusinessDates_LastCompletedBeforeTenantCreation_StartsAtCreation()
    {
        var dates = BatchScheduleCalculator.DueBusinessDates(
            At(2, 0, Berlin), Date(2026, 1, 1), Utc(2026, 3, 14, 8, 0), Date(2026, 3, 12));

        Assert.Equal([Date(2026, 3, 12), Date(2026, 3, 13)], dates);
    }

    [Fact]
    public void DueBusinessDates_TenantCreatedToday_ReturnsNothing()
    {
        var dates = BatchScheduleCalculator.DueBusinessDates(
            At(2, 0, Berlin), null, Utc(2026, 3, 14, 8, 0), Date(2026, 3, 14));

        Assert.Empty(dates);
    }

    [Fact]
    public void DueBusinessDates_TenantCreationDateInTheFuture_ReturnsNothing()
    {
        var dates = BatchScheduleCalculator.DueBusinessDates(
            At(2, 0, Berlin), null, Utc(2026, 3, 14, 8, 0), Date(2026, 3, 20));

        Assert.Empty(dates);
    }

    [Fact]
    public void DueBusinessDates_UpToDate_ReturnsNothing()
    {
        var dates = BatchScheduleCalculator.DueBusinessDates(
            At(2, 0, Berlin), Date(2026, 3, 13), Utc(2026, 3, 14, 8, 0), Date(2025, 6, 1));

        Assert.Empty(dates);
    }

    [Fact]
    public void DueBusinessDates_LastCompletedAfterTheLatestDueDate_ReturnsNothing()
    {
        var dates = BatchScheduleCalculator.DueBusinessDates(
            At(2, 0, Berlin), Date(2026, 3, 20), Utc(2026, 3, 14, 8, 0), Date(2025, 6, 1));

        Assert.Empty(dates);
    }

    [Fact]
    public void DueBusinessDates_DownForThreeNightsThenPolled_RunsEachMissedDateOnceInOrder()
    {
        var schedule = At(2, 0, Berlin);

        // The batch for 10 March ran at 01:00 UTC on 11 March; then down until 14 March 08:00 UTC, missing three
        // nights. After that, polled every 5 minutes for two days.
        var runs = BatchSimulation.Poll(
            _ => schedule,
            tenantCreated: Date(2025, 6, 1),
            lastCompleted: Date(2026, 3, 10),
            from: Utc(2026, 3, 14, 8, 0),
            until: Utc(2026, 3, 16, 8, 0),
            step: TimeSpan.FromMinutes(5));

        Assert.Equal(
            [
                new SimulatedRun(Date(2026, 3, 11), Utc(2026, 3, 14, 8, 0)),
                new SimulatedRun(Date(2026, 3, 12), Utc(2026, 3, 14, 8, 0)),
                new SimulatedRun(Date(2026, 3, 13), Utc(2026, 3, 14, 8, 0)),
                new SimulatedRun(Date(2026, 3, 14), Utc(2026, 3, 15, 1, 0)),
                new SimulatedRun(Date(2026, 3, 15), Utc(2026, 3, 16, 1, 0)),
            ],
            runs);
    }

    [Fact]
    public void DueBusinessDates_FirstElement_IsNextDueBusinessDate()
    {
        var schedule = At(2, 0, Sydney);
        for (var now = Utc(2026, 3, 30, 0, 0); now < Utc(2026, 4, 10, 0, 0); now = now.AddMinutes(37))
        {
            var dates = BatchScheduleCalculator.DueBusinessDates(schedule, Date(2026, 3, 29), now, Date(2025, 6, 1));
            var next = BatchScheduleCalculator.NextDueBusinessDate(schedule, Date(2026, 3, 29), now, Date(2025, 6, 1));

            Assert.Equal(dates.Count == 0 ? null : dates[0], next);
        }
    }

    // ---- Time zone changes ----

    [Fact]
    public void NextRunInstant_ZoneChangedFromBerlinToNewYork_FollowsTheNewZone()
    {
        // The batch for 10 March ran at 02:00 Berlin on 11 March; at noon UTC the tenant moves to New York.
        var next = BatchScheduleCalculator.NextRunInstant(
            At(2, 0, NewYork), Date(2026, 3, 10), Utc(2026, 3, 11, 12, 0), Date(2025, 6, 1));

        Assert.Equal(Local(2026, 3, 12, 2, 0, -4), next);
        Assert.Equal(Utc(2026, 3, 12, 6, 0), next);
    }

    [Fact]
    public void NextDueBusinessDate_ZoneChangedFromBerlinToNewYorkRightAfterTheRun_DoesNotRunTheDateAgain()
    {
        // The batch for 10 March ran at 01:00 UTC (02:00 Berlin). At 06:30 UTC it is 02:30 in New York, and 10 March's
        // New York run instant (06:00 UTC on 11 March) has passed; it must not run again.
        var next = BatchScheduleCalculator.NextDueBusinessDate(
            At(2, 0, NewYork), Date(2026, 3, 10), Utc(2026, 3, 11, 6, 30), Date(2025, 6, 1));

        Assert.Null(next);
    }

    [Fact]
    public void Poll_ZoneChangedFromBerlinToNewYork_NeitherSkipsNorRepeatsADate()
    {
        var berlin = At(2, 0, Berlin);
        var newYork = At(2, 0, NewYork);
        var change = Utc(2026, 3, 11, 3, 0); // after Berlin's 02:00 run for 10 March, before New York's

        var runs = BatchSimulation.Poll(
            now => now < change ? berlin : newYork,
            tenantCreated: Date(2025, 6, 1),
            lastCompleted: Date(2026, 3, 7),
            from: Utc(2026, 3, 8, 12, 0),
            until: Utc(2026, 3, 14, 12, 0),
            step: TimeSpan.FromMinutes(10));

        Assert.Equal(
            [
                new SimulatedRun(Date(2026, 3, 8), Utc(2026, 3, 9, 1, 0)),
                new SimulatedRun(Date(2026, 3, 9), Utc(2026, 3, 10, 1, 0)),
                new SimulatedRun(Date(2026, 3, 10), Utc(2026, 3, 11, 1, 0)),
                new SimulatedRun(Date(2026, 3, 11), Utc(2026, 3, 12, 6, 0)),
                new SimulatedRun(Date(2026, 3, 12), Utc(2026, 3, 13, 6, 0)),
                new SimulatedRun(Date(2026, 3, 13), Utc(2026, 3, 14, 6, 0)),
            ],
            runs);
    }

    [Fact]
    public void Poll_ZoneChangedFromNewYorkToBerlin_RunsTheDateTheChangeMadeDueOnce()
    {
        var newYork = At(2, 0, NewYork);
        var berlin = At(2, 0, Berlin);

        // At 03:00 UTC on 12 March it is 23:00 on 11 March in New York, so 11 March has not run; in Berlin it is
        // 04:00 on 12 March, past that date's 02:00 run. The change makes 11 March due at once, and it runs once.
        var change = Utc(2026, 3, 12, 3, 0);

        var runs = BatchSimulation.Poll(
            now => now < change ? newYork : berlin,
            tenantCreated: Date(2025, 6, 1),
            lastCompleted: Date(2026, 3, 9),
            from: Utc(2026, 3, 10, 12, 0),
            until: Utc(2026, 3, 14, 12, 0),
            step: TimeSpan.FromMinutes(10));

        Assert.Equal(
            [
                new SimulatedRun(Date(2026, 3, 10), Utc(2026, 3, 11, 6, 0)),
                new SimulatedRun(Date(2026, 3, 11), Utc(2026, 3, 12, 3, 0)),
                new SimulatedRun(Date(2026, 3, 12), Utc(2026, 3, 13, 1, 0)),
                new SimulatedRun(Date(2026, 3, 13), Utc(2026, 3, 14, 1, 0)),
            ],
            runs);
    }

    [Fact]
    public void Poll_ZoneChangedAcrossTheDateLine_NeitherSkipsNorRepeatsADate()
    {
        var honolulu = At(2, 0, "Pacific/Honolulu"); // -10
        var kiritimati = At(2, 0, "Pacific/Kiritimati"); // +14, a whole day ahead
        var change = Utc(2026, 6, 10, 20, 0);

        var runs = BatchSimulation.Poll(
            now => now < change ? honolulu : kiritimati,
            tenantCreated: Date(2025, 6, 1),
            lastCompleted: Date(2026, 6, 7),
            from: Utc(2026, 6, 8, 0, 0),
            until: Utc(2026, 6, 14, 0, 0),
            step: TimeSpan.FromMinutes(15));

        var dates = runs.Select(run => run.BusinessDate).ToList();
        Assert.Equal(Enumerable.Range(0, dates.Count).Select(i => Date(2026, 6, 8).AddDays(i)), dates);
        Assert.Equal(Date(2026, 6, 13), dates[^1]);
        Assert.Contains(new SimulatedRun(Date(2026, 6, 10), change), runs);
        Assert.All(runs.Where(run => run.RanAt >= change), run =>
            Assert.True(run.RanAt >= BatchScheduleCalculator.RunInstant(run.BusinessDate, kiritimati)));
    }

    // ---- Monthly report dates ----

    [Fact]
    public void IsMonthlyReportDate_Day31InNonLeapFebruary_IsTheTwentyEighth()
    {
        var schedule = At(2, 0, Berlin, 31);

        Assert.True(BatchScheduleCalculator.IsMonthlyReportDate(Date(2026, 2, 28), schedule));
        Assert.False(BatchScheduleCalculator.IsMonthlyReportDate(Date(2026, 2, 27), schedule));
    }

    [Fact]
    public void IsMonthlyReportDate_Day31InLeapFebruary_IsTheTwentyNinth()
    {
        var schedule = At(2, 0, Berlin, 31);

        Assert.True(BatchScheduleCalculator.IsMonthlyReportDate(Date(2028, 2, 29), schedule));
        Assert.False(BatchScheduleCalculator.IsMonthlyReportDate(Date(2028, 2, 28), schedule));
    }

    [Fact]
    public void IsMonthlyReportDate_Day31InApril_IsTheThirtieth()
    {
        var schedule = At(2, 0, Berlin, 31);

        Assert.True(BatchScheduleCalculator.IsMonthlyReportDate(Date(2026, 4, 30), schedule));
        Assert.False(BatchScheduleCalculator.IsMonthlyReportDate(Date(2026, 4, 29), schedule));
    }

    [Fact]
    public void IsMonthlyReportDate_Day31InALongMonth_IsTheThirtyFirstOnly()
    {
        var schedule = At(2, 0, Berlin, 31);

        Assert.True(BatchScheduleCalculator.IsMonthlyReportDate(Date(2026, 1, 31), schedule));
        Assert.False(BatchScheduleCalculator.IsMonthlyReportDate(Date(2026, 1, 30), schedule));
        Assert.False(BatchScheduleCalculator.IsMonthlyReportDate(Date(2026, 2, 1), schedule));
    }

    [Theory]
    [InlineData(29, 2026, 28)]
    [InlineData(29, 2028, 29)]
    [InlineData(30, 2026, 28)]
    [InlineData(30, 2028, 29)]
    [InlineData(28, 2028, 28)]
    public void IsMonthlyReportDate_LateDayInFebruary_IsTheConfiguredDayOrTheLastDay(int configuredDay, int year, int expectedDay)
    {
        var schedule = At(2, 0, Berlin, configuredDay);
        var february = Enumerable.Range(1, DateTime.DaysInMonth(year, 2)).Select(day => Date(year, 2, day));

        var reportDates = february.Where(date => BatchScheduleCalculator.IsMonthlyReportDate(date, schedule));

        Assert.Equal([Date(year, 2, expectedDay)], reportDates);
    }

    [Fact]
    public void IsMonthlyReportDate_Day15_IsTheFifteenthOfEveryMonth()
    {
        var schedule = At(2, 0, Berlin, 15);
        var year = Enumerable.Range(0, 365).Select(i => Date(2026, 1, 1).AddDays(i));

        var reportDates = year.Where(date => BatchScheduleCalculator.IsMonthlyReportDate(date, schedule)).ToList();

        Assert.Equal(Enumerable.Range(1, 12).Select(month => Date(2026, month, 15)), reportDates);
    }

    [Theory]
    [InlineData(2026)]
    [InlineData(2028)]
    public void IsMonthlyReportDate_Day31_IsTheLastDayOfEveryMonth(int year)
    {
        var schedule = At(2, 0, Berlin, 31);
        var days = Enumerable.Range(0, DateTime.IsLeapYear(year) ? 366 : 365).Select(i => Date(year, 1, 1).AddDays(i));

        var reportDates = days.Where(date => BatchScheduleCalculator.IsMonthlyReportDate(date, schedule)).ToList();

        Assert.Equal(Enumerable.Range(1, 12).Select(month => Date(year, month, DateTime.DaysInMonth(year, month))), reportDates);
    }

    [Fact]
    public void IsMonthlyReportDate_NoDayConfigured_IsNeverTrue()
    {
        var schedule = At(2, 0, Berlin);
        var year = Enumerable.Range(0, 366).Select(i => Date(2028, 1, 1).AddDays(i));

        Assert.DoesNotContain(year, date => BatchScheduleCalculator.IsMonthlyReportDate(date, schedule));
    }

    // ---- Invalid schedules ----

    [Fact]
    public void RunInstant_UnknownZone_ThrowsWithTheProblem()
    {
        var error = Assert.Throws<ArgumentException>(() =>
            BatchScheduleCalculator.RunInstant(Date(2026, 1, 1), At(2, 0, "Nowhere/Special")));

        Assert.Equal("schedule", error.ParamName);
        Assert.Contains("'Nowhere/Special' is not a known IANA time zone", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void IsMonthlyReportDate_DayOutOfRange_Throws()
    {
        var error = Assert.Throws<ArgumentException>(() =>
            BatchScheduleCalculator.IsMonthlyReportDate(Date(2026, 1, 1), At(2, 0, Berlin, 32)));

        Assert.Equal("schedule", error.ParamName);
    }

    [Fact]
    public void NextDueBusinessDate_NullSchedule_Throws()
    {
        Assert.Throws<ArgumentNullException>(() =>
            BatchScheduleCalculator.NextDueBusinessDate(null!, null, Utc(2026, 1, 1, 0, 0), Date(2026, 1, 1)));
    }

    // ---- Business date of an instant ----

    [Theory]
    [InlineData(Berlin, 2026, 3, 14, 22, 59, 2026, 3, 14)]
    [InlineData(Berlin, 2026, 3, 14, 23, 0, 2026, 3, 15)]
    [InlineData(Sydney, 2026, 3, 14, 12, 59, 2026, 3, 14)]
    [InlineData(Sydney, 2026, 3, 14, 13, 0, 2026, 3, 15)]
    [InlineData(NewYork, 2026, 3, 15, 3, 59, 2026, 3, 14)]
    public void BusinessDateAt_Instant_ReturnsTheLocalCalendarDate(string zone, int y, int mo, int d, int h, int mi, int ey, int em, int ed)
    {
        var date = BatchScheduleCalculator.BusinessDateAt(Utc(y, mo, d, h, mi), At(2, 0, zone));

        Assert.Equal(Date(ey, em, ed), date);
    }
}
