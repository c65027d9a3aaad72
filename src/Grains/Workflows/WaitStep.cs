using System.Text.Json.Serialization;

namespace OrleansFlows.Grains.Workflows;

/// <summary>A durable delay on a one-shot reminder.</summary>
/// <param name="Id">The step id.</param>
/// <param name="Duration">From 1s to 30 days (<see cref="WorkflowLimits.MaxWait"/>).</param>
public sealed record WaitStep(
    string Id,
    [property: JsonPropertyName("duration"), JsonConverter(typeof(DurationJsonConverter))] TimeSpan Duration) : StepDefinition(Id);
