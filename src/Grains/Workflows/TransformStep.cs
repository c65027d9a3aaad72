using System.Text.Json.Serialization;

namespace OrleansFlows.Grains.Workflows;

/// <summary>Computes new fields with expressions; the fields become the step's output and merge into <c>lead</c>.</summary>
/// <param name="Id">The step id.</param>
/// <param name="Set">Field name to expression, kept in declared order.</param>
public sealed record TransformStep(
    string Id,
    [property: JsonPropertyName("set")] IReadOnlyDictionary<string, string> Set) : StepDefinition(Id);
