using System.Text.Json.Serialization;
using OrleansFlows.Contracts.Workflows;

namespace OrleansFlows.Grains.Workflows;

/// <summary>The persisted state of a workflow version grain.</summary>
public sealed class WorkflowVersionState
{
    [JsonPropertyName("schemaVersion")]
    public int SchemaVersion { get; set; } = 1;

    [JsonPropertyName("version")]
    public WorkflowVersionView? Version { get; set; }
}
