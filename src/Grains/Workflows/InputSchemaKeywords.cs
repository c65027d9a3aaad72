using System.Text.Json.Nodes;

namespace OrleansFlows.Grains.Workflows;

/// <summary>Where draft-07 keeps subschemas inside a schema, so that walks over an input schema visit schemas only.</summary>
internal static class InputSchemaKeywords
{
    private static readonly string[] SchemaValued = ["additionalItems", "additionalProperties", "not", "contains", "propertyNames", "if", "then", "else"];
    private static readonly string[] SchemaMaps = ["properties", "patternProperties", "definitions", "dependencies"];
    private static readonly string[] SchemaLists = ["allOf", "anyOf", "oneOf"];

    // Keywords that apply their subschema to the same value, so a loop through them never reaches the end of a payload.
    private static readonly string[] InPlace = ["allOf", "anyOf", "oneOf", "not", "if", "then", "else", "dependencies"];

    /// <summary>The subschemas directly inside <paramref name="schema"/>.</summary>
    public static IEnumerable<InputSchemaSubschema> Children(JsonObject schema)
    {
        foreach (var (keyword, child) in schema)
        {
            var inPlace = InPlace.Contains(keyword);
            if (SchemaValued.Contains(keyword) || (keyword == "items" && child is not JsonArray))
            {
                yield return new InputSchemaSubschema($"/{Escape(keyword)}", $".{keyword}", keyword, null, child, inPlace);
            }
            else if ((SchemaLists.Contains(keyword) || keyword == "items") && child is JsonArray list)
            {
                for (var i = 0; i < list.Count; i++)
                {
                    yield return new InputSchemaSubschema($"/{keyword}/{i}", $".{keyword}[{i}]", keyword, null, list[i], inPlace);
                }
            }
            else if (SchemaMaps.Contains(keyword) && child is JsonObject map)
            {
                foreach (var (name, value) in map)
                {
                    // A draft-07 dependency may be a list of property names rather than a schema.
                    if (keyword == "dependencies" && value is JsonArray)
                    {
                        continue;
                    }

                    yield return new InputSchemaSubschema($"/{keyword}/{Escape(name)}", $".{keyword}.{name}", keyword, name, value, inPlace);
                }
            }
        }
    }

    private static string Escape(string name) => name.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal);
}
