using System.Text.Json.Serialization;

namespace OrleansFlows.Grains.Workflows;

/// <summary>Posts a text to one of the tenant's <c>slack</c> connections.</summary>
/// <param name="Id">The step id.</param>
/// <param name="Connection">The name of a <c>slack</c> connection.</param>
/// <param name="Text">A non-empty template of at most 4000 characters.</param>
public sealed record NotifyStep(
    string Id,
    [property: JsonPropertyName("connection")] string Connection,
    [property: JsonPropertyName("text")] string Text) : StepDefinition(Id);
