using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace OrleansFlows.Grains.Workflows;

/// <summary>
/// Checks that the draft-07 keywords of an input schema have the shapes the specification gives them, naming each
/// problem by its path under <c>$.input</c> (the schema library stops at the first one and names no path), so
/// publishing checks the shape first.
/// </summary>
internal static class InputSchemaShape
{
    private static readonly HashSet<string> TypeNames = ["null", "boolean", "object", "array", "number", "string", "integer"];
    private static readonly string[] SchemaKeywords = ["additionalItems", "additionalProperties", "not", "contains", "propertyNames", "if", "then", "else"];
    private static readonly string[] SchemaMapKeywords = ["properties", "patternProperties", "definitions", "dependencies"];
    private static readonly string[] SchemaListKeywords = ["allOf", "anyOf", "oneOf"];
    private static readonly string[] NumberKeywords = ["minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"];
    private static readonly string[] CountKeywords = ["minLength", "maxLength", "minItems", "maxItems", "minProperties", "maxProperties"];

    /// <summary>Returns every problem as "path: message", paths starting at <c>$.input</c>; empty when the shape is right.</summary>
    public static IReadOnlyList<string> Check(JsonObject schema)
    {
        var problems = new List<string>();
        if (schema["type"] is JsonNode type && !AllowsObject(type))
        {
            problems.Add("$.input.type: a lead payload is always a JSON object, so the input schema's type must be \"object\".");
        }

        CheckSchema(schema, "$.input", problems);
        return problems;
    }

    private static bool AllowsObject(JsonNode type) => type switch
    {
        JsonValue value => value.TryGetValue<string>(out var name) && name == "object",
        JsonArray names => names.Any(n => n is JsonValue v && v.TryGetValue<string>(out var name) && name == "object"),
        _ => false,
    };

    private static void CheckSchema(JsonNode? node, string path, List<string> problems)
    {
        if (node is JsonValue value && value.GetValueKind() is JsonValueKind.True or JsonValueKind.False)
        {
            return;
        }

        if (node is not JsonObject schema)
        {
            problems.Add($"{path}: a schema must be a JSON object (or true/false).");
            return;
        }

        foreach (var (keyword, child) in schema)
        {
            CheckKeyword(keyword, child, $"{path}.{keyword}", problems);
        }
    }

    private static void CheckKeyword(string keyword, JsonNode? child, string path, List<string> problems)
    {
        switch (keyword)
        {
            case "type":
                CheckType(child, path, problems);
                break;
            case "required":
                CheckNames(child, path, problems);
                break;
            case "enum":
                if (child is not JsonArray { Count: > 0 })
                {
                    problems.Add($"{path}: must be a non-empty array of the allowed values.");
                }

                break;
            case "items":
                if (child is JsonArray tuple)
                {
                    CheckEach(tuple, path, problems);
                }
                else
                {
                    CheckSchema(child, path, problems);
                }

                break;
            case "pattern":
                CheckPattern(child, path, problems);
                break;
            case "multipleOf":
                if (!IsNumber(child, out var divisor) || divisor <= 0)
                {
                    problems.Add($"{path}: must be a number greater than 0.");
                }

                break;
            case "uniqueItems":
                if (child?.GetValueKind() is not (JsonValueKind.True or JsonValueKind.False))
                {
                    problems.Add($"{path}: must be true or false.");
                }

                break;
            case "format" or "$ref" or "$id" or "$schema" or "title" or "description":
                if (child?.GetValueKind() is not JsonValueKind.String)
                {
                    problems.Add($"{path}: must be a string.");
                }

                break;
            default:
                CheckByGroup(keyword, child, path, problems);
                break;
        }
    }

    private static void CheckByGroup(string keyword, JsonNode? child, string path, List<string> problems)
    {
        if (SchemaKeywords.Contains(keyword))
        {
            CheckSchema(child, path, problems);
        }
        else if (SchemaMapKeywords.Contains(keyword))
        {
            CheckSchemaMap(keyword, child, path, problems);
        }
        else if (SchemaListKeywords.Contains(keyword))
        {
            if (child is JsonArray { Count: > 0 } list)
            {
                CheckEach(list, path, problems);
            }
            else
            {
                problems.Add($"{path}: must be a non-empty array of schemas.");
            }
        }
        else if (NumberKeywords.Contains(keyword) && !IsNumber(child, out _))
        {
            problems.Add($"{path}: must be a number.");
        }
        else if (CountKeywords.Contains(keyword) && !(IsNumber(child, out var count) && count >= 0 && count == Math.Floor(count)))
        {
            problems.Add($"{path}: must be a whole number, 0 or more.");
        }

        // Other keywords are allowed and ignored, as draft-07 says.
    }

    private static void CheckType(JsonNode? type, string path, List<string> problems)
    {
        var names = type is JsonArray list ? list.ToList() : [type];
        var valid = names.Count > 0
            && names.All(n => n is JsonValue v && v.TryGetValue<string>(out var name) && TypeNames.Contains(name))
            && names.Select(n => n!.GetValue<string>()).Distinct().Count() == names.Count;
        if (!valid)
        {
            problems.Add($"{path}: must be one of {string.Join(", ", TypeNames.Select(t => $"\"{t}\""))}, or an array of distinct ones.");
        }
    }

    private static void CheckNames(JsonNode? node, string path, List<string> problems)
    {
        if (node is not JsonArray names || names.Any(n => n?.GetValueKind() is not JsonValueKind.String))
        {
            problems.Add($"{path}: must be an array of property names (strings).");
        }
        else if (names.Select(n => n!.GetValue<string>()).Distinct().Count() != names.Count)
        {
            problems.Add($"{path}: names a property more than once.");
        }
    }

    private static void CheckSchemaMap(string keyword, JsonNode? node, string path, List<string> problems)
    {
        if (node is not JsonObject map)
        {
            problems.Add($"{path}: must be an object whose values are schemas.");
            return;
        }

        foreach (var (name, child) in map)
        {
            if (keyword == "patternProperties")
            {
                CheckRegex(name, $"{path}['{name}']", problems);
            }

            // A draft-07 dependency is either a schema or a list of property names.
            if (keyword == "dependencies" && child is JsonArray)
            {
                CheckNames(child, $"{path}.{name}", problems);
            }
            else
            {
                CheckSchema(child, $"{path}.{name}", problems);
            }
        }
    }

    private static void CheckEach(JsonArray schemas, string path, List<string> problems)
    {
        for (var i = 0; i < schemas.Count; i++)
        {
            CheckSchema(schemas[i], $"{path}[{i}]", problems);
        }
    }

    private static void CheckPattern(JsonNode? node, string path, List<string> problems)
    {
        if (node?.GetValueKind() is not JsonValueKind.String)
        {
            problems.Add($"{path}: must be a regular expression (a string).");
            return;
        }

        CheckRegex(node.GetValue<string>(), path, problems);
    }

    private static void CheckRegex(string pattern, string path, List<string> problems)
    {
        try
        {
            _ = new Regex(pattern, RegexOptions.None, TimeSpan.FromSeconds(1));
        }
        catch (ArgumentException exception)
        {
            problems.Add($"{path}: is not a valid regular expression ({exception.Message}).");
        }
    }

    private static bool IsNumber(JsonNode? node, out double number)
    {
        number = 0;
        return node is JsonValue value && value.GetValueKind() == JsonValueKind.Number && value.TryGetValue(out number);
    }
}
