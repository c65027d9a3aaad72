using System.Text.Json.Serialization;
using OrleansFlows.Contracts.Tenants;

namespace OrleansFlows.Grains.Tenants;

/// <summary>A tenant's workflow in its state: the published versions (their definitions live in workflow grains).</summary>
public sealed class WorkflowEntry
{
    [JsonPropertyName("versions")]
    public List<WorkflowVersionSummary> Versions { get; set; } = [];

    [JsonIgnore]
    public int LatestVersion => Versions.Count == 0 ? 0 : Versions[^1].Version;
}
