using System.Text.Json;
using System.Text.Json.Nodes;

namespace OrleansFlows.Grains.Workflows;

/// <summary>Copies parts of a definition (the input schema, http bodies) into nodes that are safe to share.</summary>
internal static class JsonNodes
{
    /// <summary>
    /// A node holding a copy of <paramref name="element"/>, fully built. A parsed node builds its children
    /// lazily on first access, and a definition is read by many leads at once, so nothing may be left to build later.
    /// </summary>
    public static JsonNode? Copy(JsonElement element)
    {
        var node = JsonNode.Parse(element.GetRawText());
        Build(node);
        return node;
    }

    private static void Build(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (_, child) in obj)
                {
                    Build(child);
                }

                break;
            case JsonArray array:
                foreach (var child in array)
                {
                    Build(child);
                }

                break;
        }
    }
}
