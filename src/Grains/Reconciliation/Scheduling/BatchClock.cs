namespace OrleansFlows.Grains.Reconciliation.Scheduling;

/// <summary>
/// <see cref="BatchScheduleCalculator"/> read against a <see cref="TimeProvider"/>, so grain code asks "what is due
/// now" and tests drive it with fake time. It holds no state besides the time provider.
/// </summary>
public sealed class BatchClock
{
    private readonly TimeProvider _time;

    /// <summary>Creates a clock over <paramref name="time"/>.</summary>
    /// <param name="time">The source of the current instant; <see cref="TimeProvider.System"/> in production.</param>
    public BatchClock(TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(time);
        _time = time;
    }

    /// <summary>The current instant, in UTC.</summary>
    public DateTimeOffset Now => _time.GetUtcNow();

    /// <summary>The current business date in the schedule's zone.</summary>
    /// <param name="schedule">A valid schedule.</param>
    public DateOnly Today(BatchSchedule schedule) => BatchScheduleCalculator.BusinessDateAt(Now, schedule);

    /// <summary>The earliest business date due now that has not run yet; see <see cref="BatchScheduleCalculator.NextDueBusinessDate"/>.</summary>
    /// <param name="schedule">A valid schedule.</param>
    /// <param name="lastCompletedBusinessDate">The latest business date whose batch completed, or <see langword="null"/> when none has.</param>
    /// <param name="tenantCreatedDate">The business date on which the tenant was created.</param>
    /// <param name="lookBackDays">How many of the most recent due business dates catch-up may reach (at least 1).</param>
    public DateOnly? NextDueBusinessDate(
        BatchSchedule schedule,
        DateOnly? lastCompletedBusinessDate,
        DateOnly tenantCreatedDate,
        int lookBackDays = BatchScheduleCalculator.DefaultLookBackDays) =>
        BatchScheduleCalculator.NextDueBusinessDate(schedule, lastCompletedBusinessDate, Now, tenantCreatedDate, lookBackDays);

    /// <summary>Every business date due now that has not run yet, in date order; see <see cref="BatchScheduleCalculator.DueBusinessDates"/>.</summary>
    /// <param name="schedule">A valid schedule.</param>
    /// <param name="lastCompletedBusinessDate">The latest business date whose batch completed, or <see langword="null"/> when none has.</param>
    /// <param name="tenantCreatedDate">The business date on which the tenant was created.</param>
    /// <param name="lookBackDays">How many of the most recent due business dates catch-up may reach (at least 1).</param>
    public IReadOnlyList<DateOnly> DueBusinessDates(
        BatchSchedule schedule,
        DateOnly? lastCompletedBusinessDate,
        DateOnly tenantCreatedDate,
        int lookBackDays = BatchScheduleCalculator.DefaultLookBackDays) =>
        BatchScheduleCalculator.DueBusinessDates(schedule, lastCompletedBusinessDate, Now, tenantCreatedDate, lookBackDays);

    /// <summary>
    /// The instant the next batch is due; at or before <see cref="Now"/> when a date is already due. See
    /// <see cref="BatchScheduleCalculator.NextRunInstant"/>.
    /// </summary>
    /// <param name="schedule">A valid schedule.</param>
    /// <param name="lastCompletedBusinessDate">The latest business date whose batch completed, or <see langword="null"/> when none has.</param>
    /// <param name="tenantCreatedDate">The business date on which the tenant was created.</param>
    /// <param name="lookBackDays">How many of the most recent due business dates catch-up may reach (at least 1).</param>
    public DateTimeOffset NextRunInstant(
        BatchSchedule schedule,
        DateOnly? lastCompletedBusinessDate,
        DateOnly tenantCreatedDate,
        int lookBackDays = BatchScheduleCalculator.DefaultLookBackDays) =>
        BatchScheduleCalculator.NextRunInstant(schedule, lastCompletedBusinessDate, Now, tenantCreatedDate, lookBackDays);

    /// <summary>
    /// How long from <see cref="Now"/> until the next batch is due, for a reminder's due time; <see cref="TimeSpan.Zero"/>
    /// when a date is already due.
    /// </summary>
    /// <param name="schedule">A valid schedule.</param>
    /// <param name="lastCompletedBusinessDate">The latest business date whose batch completed, or <see langword="null"/> when none has.</param>
    /// <param name="tenantCreatedDate">The business date on which the tenant was created.</param>
    /// <param name="lookBackDays">How many of the most recent due business dates catch-up may reach (at least 1).</param>
    public TimeSpan DelayUntilNextRun(
        BatchSchedule schedule,
        DateOnly? lastCompletedBusinessDate,
        DateOnly tenantCreatedDate,
        int lookBackDays = BatchScheduleCalculator.DefaultLookBackDays)
    {
        var now = Now;
        var next = BatchScheduleCalculator.NextRunInstant(schedule, lastCompletedBusinessDate, now, tenantCreatedDate, lookBackDays);
        return next > now ? next - now : TimeSpan.Zero;
    }
}
