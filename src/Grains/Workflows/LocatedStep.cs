namespace OrleansFlows.Grains.Workflows;

/// <summary>A step of a definition with the JSON path where it is declared.</summary>
/// <param name="Path">Such as <c>$.steps[2].cases[0].steps[1]</c>.</param>
/// <param name="Step">The step.</param>
public sealed record LocatedStep(string Path, StepDefinition Step);
