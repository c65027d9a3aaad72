namespace OrleansFlows.Runtime.Reminders;

/// <summary>Pure schedule arithmetic for reminders.</summary>
public static class ReminderSchedule
{
    /// <summary>
    /// The first tick of a periodic reminder strictly after <paramref name="now"/>, on the grid <c>dueAt + k·period</c>.
    /// Ticks missed while the platform was down are skipped, so they fire once, not once per period.
    /// </summary>
    public static DateTimeOffset NextDue(DateTimeOffset dueAt, TimeSpan period, DateTimeOffset now)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(period, TimeSpan.Zero);
        if (dueAt > now)
        {
            return dueAt;
        }

        var elapsedPeriods = (now - dueAt).Ticks / period.Ticks;
        return dueAt + TimeSpan.FromTicks(period.Ticks * (elapsedPeriods + 1));
    }
}
