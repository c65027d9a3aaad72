namespace OrleansFlows.Grains.Workflows;

/// <summary>Hands the lead record to the tenant's nightly batch.</summary>
/// <param name="Id">The step id.</param>
public sealed record BatchStep(string Id) : StepDefinition(Id);
