namespace OrleansFlows.Contracts.Tenants;

/// <summary>What a new lead needs from its tenant: the workflow's latest version and the tenant's time zone.</summary>
[Immutable]
[GenerateSerializer]
[Alias("OrleansFlows.WorkflowRunInfo")]
public sealed record WorkflowRunInfo(string Workflow, int Version, string TimeZone);
