using System.Globalization;

namespace OrleansFlows.Grains.Leads;

/// <summary>A tenant's business date: the calendar date in its own time zone.</summary>
public static class BusinessDates
{
    public static string Of(DateTimeOffset instant, string timeZoneId) =>
        TimeZoneInfo.ConvertTime(instant, TimeZoneInfo.FindSystemTimeZoneById(timeZoneId)).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
