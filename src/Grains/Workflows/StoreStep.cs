namespace OrleansFlows.Grains.Workflows;

/// <summary>Upserts the lead record (the current <c>lead</c> object) into the tenant's <c>lead_records</c>.</summary>
/// <param name="Id">The step id.</param>
public sealed record StoreStep(string Id) : StepDefinition(Id);
