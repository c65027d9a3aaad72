using System.Text.Json;

namespace OrleansFlows.Storage;

/// <summary>
/// Turns grain state into JSON and back, so that an operator can read it. Persisted property names are contracts:
/// give them explicit <c>[JsonPropertyName]</c>s when a name might change.
/// </summary>
internal sealed class GrainStateSerializer
{
    private readonly JsonSerializerOptions _options = new(JsonSerializerDefaults.Web);

    public string Serialize<TState>(TState state) => JsonSerializer.Serialize(state, _options);

    /// <exception cref="JsonException">The JSON does not fit the type.</exception>
    public TState Deserialize<TState>(string json) =>
        JsonSerializer.Deserialize<TState>(json, _options) ?? throw new JsonException("The stored JSON is 'null'.");
}
