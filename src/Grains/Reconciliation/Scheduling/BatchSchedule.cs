namespace OrleansFlows.Grains.Reconciliation.Scheduling;

/// <summary>
/// When a tenant's nightly reconciliation batch runs: a local wall-clock time in the tenant's IANA time zone, and
/// optionally the day of the month on which the batch also produces the monthly report.
/// </summary>
/// <param name="DailyAt">
/// The local wall-clock time of the daily run, in whole minutes (for example <c>02:00</c>). The batch for business
/// date D runs at this time on D + 1; see <see cref="BatchScheduleCalculator.RunInstant"/>.
/// </param>
/// <param name="TimeZoneId">The tenant's IANA time zone, for example <c>Europe/Berlin</c>.</param>
/// <param name="MonthlyReportDay">
/// The day of the month (1–31) whose batch adds the monthly report, or <see langword="null"/> for none. A day of
/// 29–31 means the month's last day in months that are shorter; see <see cref="BatchScheduleCalculator.IsMonthlyReportDate"/>.
/// </param>
public sealed record BatchSchedule(TimeOnly DailyAt, string TimeZoneId, int? MonthlyReportDay = null)
{
    /// <summary>The first valid <see cref="MonthlyReportDay"/>.</summary>
    public const int MinMonthlyReportDay = 1;

    /// <summary>The last valid <see cref="MonthlyReportDay"/>.</summary>
    public const int MaxMonthlyReportDay = 31;

    /// <summary>The longest time zone id accepted.</summary>
    public const int MaxTimeZoneIdLength = 64;

    /// <summary>
    /// Every problem with this schedule, by field (<c>dailyAt</c>, <c>timeZoneId</c>, <c>monthlyReportDay</c>), each
    /// with its messages; empty when the schedule is valid.
    /// </summary>
    public IReadOnlyDictionary<string, string[]> Validate()
    {
        var errors = new Dictionary<string, string[]>();

        if (DailyAt.Second != 0 || DailyAt.Millisecond != 0 || DailyAt.Microsecond != 0 || DailyAt.Nanosecond != 0)
        {
            errors["dailyAt"] = [$"'dailyAt' must be a whole minute such as '02:00'; '{DailyAt:HH:mm:ss.fffffff}' is not."];
        }

        if (string.IsNullOrWhiteSpace(TimeZoneId))
        {
            errors["timeZoneId"] = ["'timeZoneId' is required, as an IANA zone such as 'Europe/Berlin'."];
        }
        else if (!IsIanaZone(TimeZoneId))
        {
            errors["timeZoneId"] = [$"'{TimeZoneId}' is not a known IANA time zone (for example 'Europe/Berlin' or 'America/New_York')."];
        }

        if (MonthlyReportDay is { } day && (day < MinMonthlyReportDay || day > MaxMonthlyReportDay))
        {
            errors["monthlyReportDay"] =
                [$"'monthlyReportDay' must be between {MinMonthlyReportDay} and {MaxMonthlyReportDay} (29–31 mean the last day in shorter months); it is {day}."];
        }

        return errors;
    }

    private static bool IsIanaZone(string id) =>
        id.Length <= MaxTimeZoneIdLength && TimeZoneInfo.TryFindSystemTimeZoneById(id, out var zone) && zone.HasIanaId;
}
