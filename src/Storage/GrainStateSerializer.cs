using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace OrleansFlows.Storage;

/// <summary>
/// Turns grain state into JSON and back, so that an operator can read it. Persisted property names are contracts:
/// give them explicit <c>[JsonPropertyName]</c>s when a name might change. The pending rows of an <see cref="IHasRows"/>
/// state are never part of it.
/// </summary>
internal sealed class GrainStateSerializer
{
    private readonly JsonSerializerOptions _options = new(JsonSerializerDefaults.Web)
    {
        TypeInfoResolver = new DefaultJsonTypeInfoResolver { Modifiers = { LeaveOutPendingRows } },
    };

    public string Serialize<TState>(TState state) => JsonSerializer.Serialize(state, _options);

    /// <exception cref="JsonException">The JSON does not fit the type.</exception>
    public TState Deserialize<TState>(string json) =>
        JsonSerializer.Deserialize<TState>(json, _options) ?? throw new JsonException("The stored JSON is 'null'.");

    // Rows belong to one write, not to the state: stored, they would leak SQL and its values into grain_state.
    private static void LeaveOutPendingRows(JsonTypeInfo typeInfo)
    {
        if (typeInfo.Kind != JsonTypeInfoKind.Object || !typeof(IHasRows).IsAssignableFrom(typeInfo.Type))
        {
            return;
        }

        for (var i = typeInfo.Properties.Count - 1; i >= 0; i--)
        {
            if (typeInfo.Properties[i].AttributeProvider is PropertyInfo { Name: nameof(IHasRows.PendingRows) })
            {
                typeInfo.Properties.RemoveAt(i);
            }
        }
    }
}
