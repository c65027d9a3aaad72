using System.Text.Json;
using OrleansFlows.Contracts.Workflows;

namespace OrleansFlows.Grains.Workflows;

/// <summary>
/// The canonical JSON text of a definition, as stored in grain state. Every default is written out
/// (timeouts, retry policies), so a stored definition keeps its meaning if a default changes later.
/// </summary>
public static class WorkflowDefinitionSerializer
{
    /// <summary>The canonical JSON of <paramref name="definition"/>; <see cref="FromJson"/> reads it back to an equal definition.</summary>
    public static string ToJson(WorkflowDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        return JsonSerializer.Serialize(definition, WorkflowJsonContext.Canonical.WorkflowDefinition);
    }

    /// <summary>
    /// Reads a stored definition. Its shape is checked, but not its references: a connection deleted after
    /// publication does not make a stored definition unreadable (the step fails when it runs).
    /// </summary>
    /// <exception cref="WorkflowValidationException">The text is not a well-formed definition.</exception>
    public static WorkflowDefinition FromJson(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        return WorkflowDefinitionParser.Read(json, context: null);
    }
}
