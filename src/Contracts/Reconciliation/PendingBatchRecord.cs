namespace OrleansFlows.Contracts.Reconciliation;

/// <summary>A record a <c>batch</c> step handed over, waiting for its business date's nightly run.</summary>
/// <param name="LeadId">The lead that recorded it (one record per lead and date).</param>
/// <param name="Workflow">The lead's workflow.</param>
/// <param name="RecordedAt">When it was recorded (or last replaced).</param>
/// <param name="DataJson">The record (a JSON object).</param>
[Immutable]
[GenerateSerializer]
[Alias("OrleansFlows.PendingBatchRecord")]
public sealed record PendingBatchRecord(string LeadId, string Workflow, DateTimeOffset RecordedAt, string DataJson);
