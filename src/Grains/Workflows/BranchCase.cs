using System.Text.Json.Serialization;

namespace OrleansFlows.Grains.Workflows;

/// <summary>One case of a <see cref="BranchStep"/>.</summary>
/// <param name="When">An expression; the case runs when it is truthy and no earlier case ran.</param>
/// <param name="Steps">The steps to run, at least one.</param>
public sealed record BranchCase(
    [property: JsonPropertyName("when")] string When,
    [property: JsonPropertyName("steps")] IReadOnlyList<StepDefinition> Steps);
