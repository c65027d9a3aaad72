namespace OrleansFlows.Contracts.Leads;

/// <summary>A lead record stored by a workflow's <c>store</c> step.</summary>
[Immutable]
[GenerateSerializer]
[Alias("OrleansFlows.LeadRecord")]
public sealed record LeadRecord(string TenantId, string LeadId, string Workflow, string DataJson, DateTimeOffset StoredAt);
