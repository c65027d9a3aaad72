using System.Text.Json.Nodes;

namespace OrleansFlows.Grains.Workflows;

/// <summary>
/// The copy of an input schema that the validator builds. Input schemas are draft-07 whatever <c>$schema</c> says
/// (the product has always read them so), references resolve within the schema alone (<c>$id</c> sets no new base),
/// and keywords that only annotate are left out: they never change a verdict, and a malformed one published before
/// the publishing check knew it must not stop a workflow version from loading.
/// </summary>
internal static class InputSchemaCopy
{
    private static readonly HashSet<string> Dropped =
        ["$schema", "$id", "$comment", "title", "description", "default", "examples", "readOnly", "writeOnly", "contentMediaType", "contentEncoding"];

    /// <summary>A deep copy of <paramref name="schema"/> without <c>$schema</c>, <c>$id</c> and annotation keywords, at every level.</summary>
    public static JsonObject ForValidation(JsonObject schema) => (JsonObject)Copy(schema)!;

    private static JsonNode? Copy(JsonNode? node)
    {
        if (node is not JsonObject schema)
        {
            return node?.DeepClone();
        }

        var subschemas = InputSchemaKeywords.Children(schema).ToLookup(s => s.Keyword);
        var copy = new JsonObject();
        foreach (var (keyword, value) in schema)
        {
            if (Dropped.Contains(keyword))
            {
                continue;
            }

            copy[keyword] = subschemas.Contains(keyword) ? CopyContainer(value, subschemas[keyword]) : value?.DeepClone();
        }

        return copy;
    }

    // Rebuilds a keyword's value with each of its subschemas copied by the rules above and everything else as it is.
    private static JsonNode? CopyContainer(JsonNode? value, IEnumerable<InputSchemaSubschema> subschemas)
    {
        var copies = subschemas.ToList();
        switch (value)
        {
            case JsonArray list:
                return new JsonArray(list.Select(Copy).ToArray());
            case JsonObject map when copies.All(s => s.Name is not null):
                var copied = new JsonObject();
                foreach (var (name, item) in map)
                {
                    copied[name] = copies.Any(s => s.Name == name) ? Copy(item) : item?.DeepClone();
                }

                return copied;
            default:
                return Copy(value);
        }
    }
}
