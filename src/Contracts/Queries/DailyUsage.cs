namespace OrleansFlows.Contracts.Queries;

/// <summary>A tenant's activity on one day of its time zone.</summary>
/// <param name="Date">The day, <c>yyyy-MM-dd</c>.</param>
/// <param name="Accepted">Leads accepted that day (the count the daily plan limit applies to).</param>
/// <param name="Completed">Leads that completed that day.</param>
/// <param name="Failed">Leads that failed that day and are still failed (a lead retried since counts on the day of its new outcome).</param>
/// <param name="StepsRun">Step attempts started that day.</param>
/// <param name="OutboundCalls">Attempts of http and notify steps started that day.</param>
[Immutable]
[GenerateSerializer]
[Alias("OrleansFlows.DailyUsage")]
public sealed record DailyUsage(string Date, long Accepted, long Completed, long Failed, long StepsRun, long OutboundCalls);
