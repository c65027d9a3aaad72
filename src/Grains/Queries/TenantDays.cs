namespace OrleansFlows.Grains.Queries;

/// <summary>Where the days of a time zone begin, as instants: days of 23, 24 or 25 hours, and offsets of any minutes.</summary>
public static class TenantDays
{
    /// <summary>The first instant of <paramref name="day"/> in <paramref name="zone"/>.</summary>
    /// <remarks>
    /// A midnight skipped by a clock change starts the day at the first local time that exists; a midnight that
    /// happens twice starts it at the first of the two.
    /// </remarks>
    public static DateTimeOffset StartOf(DateOnly day, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(zone);
        var local = day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified);
        var endOfDay = local.AddDays(1);
        while (zone.IsInvalidTime(local) && local < endOfDay)
        {
            local = local.AddMinutes(1);
        }

        var offset = zone.IsAmbiguousTime(local) ? zone.GetAmbiguousTimeOffsets(local).Max() : zone.GetUtcOffset(local);
        return new DateTimeOffset(local, offset).ToUniversalTime();
    }
}
