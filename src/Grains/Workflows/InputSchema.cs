using System.Text.Json.Nodes;
using Json.Schema;

namespace OrleansFlows.Grains.Workflows;

/// <summary>A built input schema, ready to validate payloads; built once per workflow version and shared by its leads.</summary>
/// <param name="built">The validator's compiled form.</param>
/// <param name="copy">The schema it was built from (draft-07, annotations left out), which error messages read.</param>
public sealed class InputSchema(JsonSchema built, JsonObject copy)
{
    internal JsonSchema Built { get; } = built;

    internal JsonObject Copy { get; } = copy;
}
