namespace OrleansFlows.Contracts.Leads;

/// <summary>One entry of a lead's append-only audit trail.</summary>
/// <param name="Sequence">The entry's number within the lead, from 1, in the order the entries were written.</param>
/// <param name="At">When it happened.</param>
/// <param name="Event">What happened: <c>accepted</c>, <c>step_started</c>, <c>step_completed</c>, <c>step_retry_scheduled</c>, <c>step_failed</c>, <c>completed</c>, <c>failed</c>, <c>cancelled</c>, …</param>
/// <param name="Detail">A readable detail (the step and attempt, an error), if any.</param>
[Immutable]
[GenerateSerializer]
[Alias("OrleansFlows.AuditEventRecord")]
public sealed record AuditEventRecord(long Sequence, DateTimeOffset At, string Event, string? Detail);
