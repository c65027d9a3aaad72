using System.Text.Json.Nodes;

namespace OrleansFlows.Grains.Workflows;

/// <summary>A loaded workflow version: its parsed definition and its input schema, built once for all its leads.</summary>
public sealed class WorkflowRun(string name, int version, WorkflowDefinition definition, InputSchema inputSchema)
{
    public string Name { get; } = name;

    public int Version { get; } = version;

    public WorkflowDefinition Definition { get; } = definition;

    /// <summary>The built input schema; the same object for every lead of this version on this silo.</summary>
    public InputSchema InputSchema { get; } = inputSchema;

    /// <inheritdoc cref="InputSchemas.Validate"/>
    public JsonObject ValidatePayload(string payloadJson) => InputSchemas.Validate(InputSchema, payloadJson);
}
