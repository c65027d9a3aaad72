namespace OrleansFlows.Contracts.Tenants;

/// <summary>The answer to a request to count one more lead against the daily plan.</summary>
/// <param name="Allowed">Whether the lead fits the plan; if so it is counted.</param>
/// <param name="BusinessDate">The tenant's business date it counts against.</param>
/// <param name="Used">Leads counted on that date, this one included when allowed.</param>
/// <param name="Limit">The plan's leads per day.</param>
/// <param name="RetryAfter">When refused: the time until the next business day starts.</param>
[Immutable]
[GenerateSerializer]
[Alias("OrleansFlows.PlanReservation")]
public sealed record PlanReservation(bool Allowed, string BusinessDate, long Used, int Limit, TimeSpan RetryAfter);
