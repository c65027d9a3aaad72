namespace OrleansFlows.Contracts.Tenants;

/// <summary>A tenant's workflow and its versions.</summary>
[GenerateSerializer]
[Alias("OrleansFlows.WorkflowSummary")]
public sealed record WorkflowSummary(string Name, int LatestVersion, IReadOnlyList<WorkflowVersionSummary> Versions);

/// <summary>One published version.</summary>
[Immutable]
[GenerateSerializer]
[Alias("OrleansFlows.WorkflowVersionSummary")]
public sealed record WorkflowVersionSummary(int Version, DateTimeOffset PublishedAt, string DefinitionHash);
