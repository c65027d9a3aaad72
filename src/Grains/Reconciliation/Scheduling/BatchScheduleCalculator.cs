namespace OrleansFlows.Grains.Reconciliation.Scheduling;

/// <summary>
/// Pure schedule arithmetic for nightly reconciliation batches: when the batch for a business date runs, which
/// business dates are due, and which dates carry the monthly report. Nothing here reads a clock; the caller passes
/// <c>now</c> (see <see cref="BatchClock"/> for a <see cref="TimeProvider"/>-driven wrapper).
/// </summary>
/// <remarks>
/// <para>
/// A <em>business date</em> is a calendar date in the tenant's time zone. The batch for business date D reconciles
/// that whole day, so it runs after the day is over: at <see cref="BatchSchedule.DailyAt"/> local time on D + 1 (a
/// 02:00 run reconciles the previous day). This holds for every <c>DailyAt</c>: a 23:30 schedule runs the batch for
/// D at 23:30 on D + 1.
/// </para>
/// <para>
/// Daylight-saving transitions: a local time that does not exist (inside a spring-forward gap) runs at the first
/// valid instant after the gap, which is the transition itself (02:30 on the Berlin spring-forward night runs at
/// 03:00 CEST). A local time that occurs twice (in a fall-back overlap) runs once, at its first, earlier occurrence,
/// which is still on daylight time.
/// </para>
/// <para>
/// Due dates are always judged in the schedule's current zone, and a date at or before the last completed one is
/// never due again. So after a time zone change the next run follows the new zone, no date runs twice, and a date
/// the change would otherwise jump over is caught up.
/// </para>
/// <para>Every method throws <see cref="ArgumentException"/> when the schedule is not valid (see <see cref="BatchSchedule.Validate"/>).</para>
/// </remarks>
public static class BatchScheduleCalculator
{
    /// <summary>How many business dates catch-up reaches back by default.</summary>
    public const int DefaultLookBackDays = 7;

    // Every instant showing a given local time lies within this distance of that local time read as UTC, since UTC
    // offsets stay within -12:00 and +14:00.
    private static readonly TimeSpan GapSearchWindow = TimeSpan.FromHours(15);

    /// <summary>
    /// The instant at which the batch for <paramref name="businessDate"/> runs: <see cref="BatchSchedule.DailyAt"/>
    /// local time on the day after <paramref name="businessDate"/>, in the schedule's zone.
    /// </summary>
    /// <remarks>
    /// When that local time falls in a spring-forward gap, the batch runs at the first valid instant after the gap
    /// (the transition instant). When it occurs twice on a fall-back night, the batch runs at the first occurrence.
    /// The result is never earlier than the run instant of the previous business date.
    /// </remarks>
    /// <param name="businessDate">The business date the batch reconciles.</param>
    /// <param name="schedule">A valid schedule.</param>
    /// <returns>The run instant, with the zone's UTC offset at that instant.</returns>
    public static DateTimeOffset RunInstant(DateOnly businessDate, BatchSchedule schedule)
    {
        var zone = ResolveZone(schedule);
        return RunInstantIn(businessDate, schedule.DailyAt, zone);
    }

    /// <summary>The business date (the local calendar date in the schedule's zone) at <paramref name="instant"/>.</summary>
    /// <param name="instant">Any instant.</param>
    /// <param name="schedule">A valid schedule.</param>
    public static DateOnly BusinessDateAt(DateTimeOffset instant, BatchSchedule schedule)
    {
        var zone = ResolveZone(schedule);
        return DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(instant, zone).DateTime);
    }

    /// <summary>
    /// The earliest business date that is due and has not run yet, or <see langword="null"/> when none is. It is the
    /// first element of <see cref="DueBusinessDates"/> for the same arguments.
    /// </summary>
    /// <param name="schedule">A valid schedule.</param>
    /// <param name="lastCompletedBusinessDate">The latest business date whose batch completed, or <see langword="null"/> when none has.</param>
    /// <param name="now">The current instant.</param>
    /// <param name="tenantCreatedDate">The business date on which the tenant was created: its first business date.</param>
    /// <param name="lookBackDays">How many of the most recent due business dates catch-up may reach (at least 1).</param>
    public static DateOnly? NextDueBusinessDate(
        BatchSchedule schedule,
        DateOnly? lastCompletedBusinessDate,
        DateTimeOffset now,
        DateOnly tenantCreatedDate,
        int lookBackDays = DefaultLookBackDays)
    {
        var window = Pending(schedule, lastCompletedBusinessDate, now, tenantCreatedDate, lookBackDays);
        return window.First <= window.LatestDue ? window.First : null;
    }

    /// <summary>
    /// The instant at which the next batch is due: the run instant of the first business date that has not run yet
    /// (within the look-back). When <see cref="NextDueBusinessDate"/> returns a date, this is that date's run
    /// instant, which is at or before <paramref name="now"/>: run now. Otherwise it is strictly after
    /// <paramref name="now"/>, and is the due time for the reminder.
    /// </summary>
    /// <param name="schedule">A valid schedule.</param>
    /// <param name="lastCompletedBusinessDate">The latest business date whose batch completed, or <see langword="null"/> when none has.</param>
    /// <param name="now">The current instant.</param>
    /// <param name="tenantCreatedDate">The business date on which the tenant was created: its first business date.</param>
    /// <param name="lookBackDays">How many of the most recent due business dates catch-up may reach (at least 1).</param>
    public static DateTimeOffset NextRunInstant(
        BatchSchedule schedule,
        DateOnly? lastCompletedBusinessDate,
        DateTimeOffset now,
        DateOnly tenantCreatedDate,
        int lookBackDays = DefaultLookBackDays)
    {
        var window = Pending(schedule, lastCompletedBusinessDate, now, tenantCreatedDate, lookBackDays);
        return RunInstantIn(window.First, schedule.DailyAt, window.Zone);
    }

    /// <summary>
    /// Catch-up: every business date whose run instant is at or before <paramref name="now"/> and that has not run
    /// yet, in date order, each once. Dates at or before <paramref name="lastCompletedBusinessDate"/> and dates before
    /// <paramref name="tenantCreatedDate"/> are never returned, and only the <paramref name="lookBackDays"/> most
    /// recent due dates are considered, so older missed dates are dropped.
    /// </summary>
    /// <param name="schedule">A valid schedule.</param>
    /// <param name="lastCompletedBusinessDate">The latest business date whose batch completed, or <see langword="null"/> when none has.</param>
    /// <param name="now">The current instant.</param>
    /// <param name="tenantCreatedDate">The business date on which the tenant was created: its first business date.</param>
    /// <param name="lookBackDays">
    /// How many of the most recent due business dates catch-up may reach, at least 1 (default 7). With 7, a platform
    /// that was down for ten nights runs the last seven dates.
    /// </param>
    public static IReadOnlyList<DateOnly> DueBusinessDates(
        BatchSchedule schedule,
        DateOnly? lastCompletedBusinessDate,
        DateTimeOffset now,
        DateOnly tenantCreatedDate,
        int lookBackDays = DefaultLookBackDays)
    {
        var window = Pending(schedule, lastCompletedBusinessDate, now, tenantCreatedDate, lookBackDays);
        var dates = new List<DateOnly>();
        for (var date = window.First; date <= window.LatestDue; date = date.AddDays(1))
        {
            dates.Add(date);
        }

        return dates;
    }

    /// <summary>
    /// Whether the batch for <paramref name="businessDate"/> adds the monthly report: true on
    /// <see cref="BatchSchedule.MonthlyReportDay"/>, and on the month's last day when the configured day is past
    /// the month's end (31 means 28 or 29 February and 30 April). Always false when no day is configured.
    /// </summary>
    /// <param name="businessDate">The business date of the batch.</param>
    /// <param name="schedule">A valid schedule.</param>
    public static bool IsMonthlyReportDate(DateOnly businessDate, BatchSchedule schedule)
    {
        ThrowIfInvalid(schedule);
        if (schedule.MonthlyReportDay is not { } day)
        {
            return false;
        }

        var reportDay = Math.Min(day, DateTime.DaysInMonth(businessDate.Year, businessDate.Month));
        return businessDate.Day == reportDay;
    }

    private static PendingWindow Pending(
        BatchSchedule schedule,
        DateOnly? lastCompletedBusinessDate,
        DateTimeOffset now,
        DateOnly tenantCreatedDate,
        int lookBackDays)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(lookBackDays, 1);
        var zone = ResolveZone(schedule);
        var latestDue = LatestDueBusinessDate(schedule.DailyAt, zone, now);

        var first = tenantCreatedDate;
        if (lastCompletedBusinessDate is { } last && last.AddDays(1) > first)
        {
            first = last.AddDays(1);
        }

        var oldestInLookBack = latestDue.AddDays(-(lookBackDays - 1));
        if (oldestInLookBack > first)
        {
            first = oldestInLookBack;
        }

        return new PendingWindow(zone, first, latestDue);
    }

    // The latest business date whose run instant is at or before now. Run instants never decrease from one date to
    // the next, and the batch for today runs tomorrow, so the search starts at yesterday and walks back.
    private static DateOnly LatestDueBusinessDate(TimeOnly dailyAt, TimeZoneInfo zone, DateTimeOffset now)
    {
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, zone).DateTime);
        var date = today.AddDays(-1);
        while (RunInstantIn(date, dailyAt, zone) > now)
        {
            date = date.AddDays(-1);
        }

        return date;
    }

    // Maps the local wall-clock time to an instant using only instant-to-local conversions. TimeZoneInfo's
    // local-time queries (IsInvalidTime, IsAmbiguousTime, GetUtcOffset(DateTime)) see only daylight-saving shifts and
    // miss changes of a zone's standard offset, such as the day Samoa skipped in 2011 or Moscow's 2014 move back by
    // an hour; instant-to-local conversion follows the tz data for both.
    private static DateTimeOffset RunInstantIn(DateOnly businessDate, TimeOnly dailyAt, TimeZoneInfo zone)
    {
        var local = businessDate.AddDays(1).ToDateTime(dailyAt, DateTimeKind.Unspecified);
        var localTicks = local.Ticks;

        // Every instant that shows this local time lies within the window, and the offsets in force at its ends and
        // middle include each offset such an instant can have (transitions are far more than a window apart).
        TimeSpan[] offsets =
        [
            OffsetAt(localTicks - GapSearchWindow.Ticks, zone),
            OffsetAt(localTicks, zone),
            OffsetAt(localTicks + GapSearchWindow.Ticks, zone),
        ];

        long? earliest = null;
        foreach (var offset in offsets)
        {
            var candidate = localTicks - offset.Ticks;
            if (OffsetAt(candidate, zone) == offset && (earliest is null || candidate < earliest))
            {
                earliest = candidate; // several candidates: a fall-back overlap, where the first occurrence wins
            }
        }

        return earliest is { } utcTicks ? ToZone(utcTicks, zone) : EndOfGap(localTicks, zone);
    }

    // The local time does not exist: run at the first instant whose local time is past it, which is the
    // spring-forward transition itself. Local time only moves forward across a gap, so within the window "local time
    // is past the target" turns from false to true exactly once.
    private static DateTimeOffset EndOfGap(long localTicks, TimeZoneInfo zone)
    {
        var low = localTicks - GapSearchWindow.Ticks; // local time there is at least an hour before the target
        var high = localTicks + GapSearchWindow.Ticks; // local time there is at least three hours after it

        while (high - low > 1)
        {
            var middle = low + ((high - low) / 2);
            if (ToZone(middle, zone).DateTime.Ticks > localTicks)
            {
                high = middle;
            }
            else
            {
                low = middle;
            }
        }

        return ToZone(high, zone);
    }

    private static TimeSpan OffsetAt(long utcTicks, TimeZoneInfo zone) =>
        zone.GetUtcOffset(new DateTimeOffset(utcTicks, TimeSpan.Zero));

    private static DateTimeOffset ToZone(long utcTicks, TimeZoneInfo zone) =>
        TimeZoneInfo.ConvertTime(new DateTimeOffset(utcTicks, TimeSpan.Zero), zone);

    private static TimeZoneInfo ResolveZone(BatchSchedule schedule)
    {
        ThrowIfInvalid(schedule);
        return TimeZoneInfo.FindSystemTimeZoneById(schedule.TimeZoneId);
    }

    private static void ThrowIfInvalid(BatchSchedule schedule)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        var errors = schedule.Validate();
        if (errors.Count > 0)
        {
            var problems = string.Join(" ", errors.SelectMany(entry => entry.Value));
            throw new ArgumentException($"The batch schedule is not valid: {problems}", nameof(schedule));
        }
    }

    private readonly record struct PendingWindow(TimeZoneInfo Zone, DateOnly First, DateOnly LatestDue);
}
