namespace OrleansFlows.Contracts.Leads;

/// <summary>A lead submission.</summary>
/// <param name="Workflow">The workflow name.</param>
/// <param name="PayloadJson">The submitted JSON payload (an object).</param>
/// <param name="IdempotencyKey">The webhook id or Idempotency-Key, or null for a direct submission without one.</param>
/// <param name="BodyHash">A hash of the raw body: the same key with a different body is a conflict.</param>
/// <param name="Source">How it arrived: <c>webhook</c> or <c>api</c>.</param>
/// <param name="WorkflowVersion">The version the tenant admitted the lead on; with <paramref name="TimeZone"/> it spares the lead asking the tenant. Null: the latest.</param>
/// <param name="TimeZone">The tenant's time zone, given with <paramref name="WorkflowVersion"/>.</param>
[Immutable]
[GenerateSerializer]
[Alias("OrleansFlows.SubmitLead")]
public sealed record SubmitLead(string Workflow, string PayloadJson, string? IdempotencyKey, string BodyHash, string Source, int? WorkflowVersion = null, string? TimeZone = null);
