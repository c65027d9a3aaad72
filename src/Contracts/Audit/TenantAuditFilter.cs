namespace OrleansFlows.Contracts.Audit;

/// <summary>Which entries of a tenant's audit trail to list; a null field matches every entry.</summary>
/// <param name="Event">Only entries of this kind.</param>
/// <param name="Workflow">Only entries of this workflow.</param>
[Immutable]
[GenerateSerializer]
[Alias("OrleansFlows.TenantAuditFilter")]
public sealed record TenantAuditFilter(string? Event, string? Workflow);
