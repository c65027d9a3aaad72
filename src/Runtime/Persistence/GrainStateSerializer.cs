using System.Text.Json;
using Microsoft.Extensions.Options;

namespace OrleansFlows.Runtime.Persistence;

/// <summary>Options for how grain state is stored as JSON.</summary>
public sealed class GrainStateSerializerOptions
{
    /// <summary>
    /// The serializer options. Add source-generated contexts to <see cref="JsonSerializerOptions.TypeInfoResolverChain"/>;
    /// persisted property names are contracts, so give them explicit <c>[JsonPropertyName]</c>s.
    /// </summary>
    public JsonSerializerOptions JsonOptions { get; } = new(JsonSerializerDefaults.Web);
}

/// <summary>Turns grain state into JSON and back.</summary>
internal sealed class GrainStateSerializer(IOptions<GrainStateSerializerOptions> options)
{
    private readonly JsonSerializerOptions _options = options.Value.JsonOptions;

    public string Serialize<TState>(TState state) => JsonSerializer.Serialize(state, _options);

    /// <exception cref="JsonException">The JSON does not fit the type.</exception>
    public TState Deserialize<TState>(string json) =>
        JsonSerializer.Deserialize<TState>(json, _options) ?? throw new JsonException("The stored JSON is 'null'.");
}
