namespace OrleansFlows.Contracts.Queries;

/// <summary>A tenant's activity by day, oldest first, one entry per day of the range (zeros included).</summary>
/// <param name="TimeZone">The tenant's time zone, whose days the entries are.</param>
/// <param name="DailyLeadLimit">The plan's daily lead limit.</param>
/// <param name="Days">One entry per day.</param>
[Immutable]
[GenerateSerializer]
[Alias("OrleansFlows.UsageHistory")]
public sealed record UsageHistory(string TimeZone, int DailyLeadLimit, IReadOnlyList<DailyUsage> Days);
