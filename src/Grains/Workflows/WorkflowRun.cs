using System.Text.Json.Nodes;
using NJsonSchema;

namespace OrleansFlows.Grains.Workflows;

/// <summary>A loaded workflow version: its parsed definition and input schema.</summary>
public sealed class WorkflowRun(string name, int version, WorkflowDefinition definition, JsonSchema inputSchema)
{
    public string Name { get; } = name;

    public int Version { get; } = version;

    public WorkflowDefinition Definition { get; } = definition;

    /// <inheritdoc cref="InputSchemas.Validate"/>
    public JsonObject ValidatePayload(string payloadJson) => InputSchemas.Validate(inputSchema, payloadJson);
}
