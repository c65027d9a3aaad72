namespace OrleansFlows.Contracts.Leads;

/// <summary>The outcome of a submission.</summary>
/// <param name="Lead">The lead, new or existing.</param>
/// <param name="Created">False when the same idempotency key and body were submitted before.</param>
[Immutable]
[GenerateSerializer]
[Alias("OrleansFlows.SubmitLeadResult")]
public sealed record SubmitLeadResult(LeadView Lead, bool Created);
