namespace OrleansFlows.Contracts.Workflows;

/// <summary>A published workflow version.</summary>
/// <param name="TenantId">The tenant.</param>
/// <param name="Name">The workflow name.</param>
/// <param name="Version">The version number, from 1.</param>
/// <param name="DefinitionJson">The canonical definition JSON.</param>
/// <param name="PublishedAt">When it was published.</param>
[Immutable]
[GenerateSerializer]
[Alias("OrleansFlows.WorkflowVersionView")]
public sealed record WorkflowVersionView(string TenantId, string Name, int Version, string DefinitionJson, DateTimeOffset PublishedAt);
