using OrleansFlows.Grains.Reconciliation.Scheduling;

namespace OrleansFlows.Grains.Tests.Reconciliation;

/// <summary>One batch a simulation ran: the business date and the fake instant at which it ran.</summary>
internal sealed record SimulatedRun(DateOnly BusinessDate, DateTimeOffset RanAt);

/// <summary>
/// Drives <see cref="BatchClock"/> over fake time the way a grain would: whenever it looks, it runs every due date in
/// order and records it as completed. The schedule may change as time passes, like a tenant editing its zone.
/// </summary>
internal static class BatchSimulation
{
    /// <summary>Looks every <paramref name="step"/> from <paramref name="from"/> until <paramref name="until"/>.</summary>
    public static List<SimulatedRun> Poll(
        Func<DateTimeOffset, BatchSchedule> scheduleAt,
        DateOnly tenantCreated,
        DateOnly? lastCompleted,
        DateTimeOffset from,
        DateTimeOffset until,
        TimeSpan step)
    {
        var time = new FakeTimeProvider(from);
        var clock = new BatchClock(time);
        var runs = new List<SimulatedRun>();
        while (clock.Now <= until)
        {
            lastCompleted = RunDue(clock, scheduleAt(clock.Now), tenantCreated, lastCompleted, runs);
            time.Advance(step);
        }

        return runs;
    }

    /// <summary>
    /// Sleeps until each next run instant, like a one-shot reminder re-registered after every batch, from
    /// <paramref name="from"/> until <paramref name="until"/>.
    /// </summary>
    public static List<SimulatedRun> FollowReminders(
        BatchSchedule schedule,
        DateOnly tenantCreated,
        DateOnly? lastCompleted,
        DateTimeOffset from,
        DateTimeOffset until)
    {
        var time = new FakeTimeProvider(from);
        var clock = new BatchClock(time);
        var runs = new List<SimulatedRun>();
        while (true)
        {
            lastCompleted = RunDue(clock, schedule, tenantCreated, lastCompleted, runs);
            var delay = clock.DelayUntilNextRun(schedule, lastCompleted, tenantCreated);
            Assert.True(delay > TimeSpan.Zero, "Nothing may be due right after the due dates ran.");
            if (clock.Now + delay > until)
            {
                return runs;
            }

            time.Advance(delay);
        }
    }

    private static DateOnly? RunDue(
        BatchClock clock,
        BatchSchedule schedule,
        DateOnly tenantCreated,
        DateOnly? lastCompleted,
        List<SimulatedRun> runs)
    {
        while (clock.NextDueBusinessDate(schedule, lastCompleted, tenantCreated) is { } due)
        {
            runs.Add(new SimulatedRun(due, clock.Now));
            lastCompleted = due;
        }

        return lastCompleted;
    }
}
