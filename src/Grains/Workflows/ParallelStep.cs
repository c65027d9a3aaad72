using System.Text.Json.Serialization;

namespace OrleansFlows.Grains.Workflows;

/// <summary>Runs its branches concurrently; the step finishes when all of them have.</summary>
/// <param name="Id">The step id.</param>
/// <param name="Branches">At least two branches, each a non-empty list of steps run in order.</param>
public sealed record ParallelStep(
    string Id,
    [property: JsonPropertyName("branches")] IReadOnlyList<IReadOnlyList<StepDefinition>> Branches) : StepDefinition(Id);
