using System.Text.Json;
using Json.Schema;

namespace OrleansFlows.Grains.Workflows;

/// <summary>A <c>format</c> that checks strings and lets every other kind of value through, as draft-07 says.</summary>
internal sealed class InputSchemaStringFormat(string key, Func<string, bool> isValid) : Format(key)
{
    public override bool Validate(JsonElement value, out string? errorMessage)
    {
        errorMessage = null;
        return value.ValueKind != JsonValueKind.String || isValid(value.GetString()!);
    }
}
