using System.Text.Json.Serialization;

namespace OrleansFlows.Grains.Workflows;

/// <summary>Runs the steps of the first case whose condition holds, otherwise the <c>else</c> steps.</summary>
/// <param name="Id">The step id.</param>
/// <param name="Cases">At least one case, tried in order.</param>
/// <param name="Else">The steps to run when no case holds; may be empty.</param>
public sealed record BranchStep(
    string Id,
    [property: JsonPropertyName("cases")] IReadOnlyList<BranchCase> Cases,
    [property: JsonPropertyName("else")] IReadOnlyList<StepDefinition> Else) : StepDefinition(Id);
