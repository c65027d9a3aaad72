namespace OrleansFlows.Contracts.Leads;

/// <summary>A lead a bulk retry matched but did not retry, and why (it changed state since it was matched).</summary>
[Immutable]
[GenerateSerializer]
[Alias("OrleansFlows.BulkRetrySkip")]
public sealed record BulkRetrySkip(string LeadId, string Reason);
