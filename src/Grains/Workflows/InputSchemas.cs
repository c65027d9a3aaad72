using System.Text.Json.Nodes;
using NJsonSchema;
using NJsonSchema.Validation;
using OrleansFlows.Contracts.Leads;

namespace OrleansFlows.Grains.Workflows;

/// <summary>Input schemas (JSON Schema draft-07, validated with NJsonSchema) and the payload check at submission.</summary>
public static class InputSchemas
{
    /// <summary>
    /// Checks a schema for publishing: every keyword has its draft-07 shape and the schema loads. Returns null when it
    /// is usable, else a message listing every problem by path.
    /// </summary>
    public static async Task<string?> CheckAsync(JsonObject schema)
    {
        var problems = InputSchemaShape.Check(schema);
        if (problems.Count > 0)
        {
            return $"The input schema is not a valid JSON Schema (draft-07): {string.Join(" ", problems)}";
        }

        return (await LoadAsync(schema).ConfigureAwait(false)).Error;
    }

    /// <summary>
    /// Loads a schema, or returns a message saying why it is not a usable JSON Schema. Published versions are loaded
    /// with this alone, so a version published before a check was added keeps running.
    /// </summary>
    public static async Task<(JsonSchema? Schema, string? Error)> LoadAsync(JsonObject schema)
    {
        try
        {
            return (await JsonSchema.FromJsonAsync(schema.ToJsonString()).ConfigureAwait(false), null);
        }
        catch (Exception exception) when (exception is Newtonsoft.Json.JsonException or InvalidOperationException or NotSupportedException or ArgumentException)
        {
            return (null, $"The input schema is not a valid JSON Schema: {exception.Message}");
        }
    }

    /// <summary>Parses a payload and checks it against the schema.</summary>
    /// <exception cref="LeadValidationException">The payload is not a JSON object or fails the schema; every problem is listed by path.</exception>
    public static JsonObject Validate(JsonSchema schema, string payloadJson)
    {
        JsonNode? payload;
        try
        {
            payload = JsonNode.Parse(payloadJson);
        }
        catch (System.Text.Json.JsonException exception)
        {
            throw new LeadValidationException(new Dictionary<string, string[]> { ["$"] = [$"The payload is not valid JSON: {exception.Message}"] });
        }

        if (payload is not JsonObject input)
        {
            throw new LeadValidationException(new Dictionary<string, string[]> { ["$"] = ["The payload must be a JSON object."] });
        }

        var outOfRange = new Dictionary<string, string[]>();
        using (var document = System.Text.Json.JsonDocument.Parse(payloadJson))
        {
            FindNumbersOutOfRange(document.RootElement, "$", outOfRange);
        }

        if (outOfRange.Count > 0)
        {
            // The validator reads an integer beyond 64 bits as a BigInteger and fails casting it; such numbers are
            // refused by name before it runs (the API refuses them first, at the edge).
            throw new LeadValidationException(outOfRange);
        }

        var errors = schema.Validate(payloadJson);
        if (errors.Count > 0)
        {
            throw new LeadValidationException(errors
                .GroupBy(e => Path(e))
                .ToDictionary(g => g.Key, g => g.Select(Describe).Distinct().ToArray()));
        }

        return input;
    }

    private static void FindNumbersOutOfRange(System.Text.Json.JsonElement element, string path, Dictionary<string, string[]> errors)
    {
        switch (element.ValueKind)
        {
            case System.Text.Json.JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    FindNumbersOutOfRange(property.Value, $"{path}.{property.Name}", errors);
                }

                break;
            case System.Text.Json.JsonValueKind.Array:
                var index = 0;
                foreach (var item in element.EnumerateArray())
                {
                    FindNumbersOutOfRange(item, $"{path}[{index++}]", errors);
                }

                break;
            case System.Text.Json.JsonValueKind.Number:
                var isInteger = element.GetRawText().AsSpan().IndexOfAny(".eE") < 0;
                if (isInteger ? !element.TryGetInt64(out _) : !element.TryGetDouble(out var value) || !double.IsFinite(value))
                {
                    errors.TryAdd(path, [isInteger
                        ? "is an integer outside the range -9223372036854775808 to 9223372036854775807."
                        : "is a number outside the double-precision range (about ±1.8e308)."]);
                }

                break;
        }
    }

    private static string Path(ValidationError error)
    {
        var path = string.IsNullOrEmpty(error.Path) ? "#" : error.Path;
        return path == "#" ? "$" : "$" + path.TrimStart('#').Replace('/', '.');
    }

    private static string Describe(ValidationError error) => error.Kind switch
    {
        ValidationErrorKind.PropertyRequired => $"'{error.Property}' is required.",
        ValidationErrorKind.NoAdditionalPropertiesAllowed => $"'{error.Property}' is not allowed.",
        ValidationErrorKind.StringExpected => "must be a string.",
        ValidationErrorKind.NumberExpected => "must be a number.",
        ValidationErrorKind.IntegerExpected => "must be an integer.",
        ValidationErrorKind.BooleanExpected => "must be a boolean.",
        ValidationErrorKind.ObjectExpected => "must be an object.",
        ValidationErrorKind.ArrayExpected => "must be an array.",
        ValidationErrorKind.StringTooShort => "is too short.",
        ValidationErrorKind.StringTooLong => "is too long.",
        ValidationErrorKind.EmailExpected => "must be an email address.",
        ValidationErrorKind.PatternMismatch => "does not match the required pattern.",
        ValidationErrorKind.NotInEnumeration => "is not one of the allowed values.",
        ValidationErrorKind.NumberTooSmall => "is too small.",
        ValidationErrorKind.NumberTooBig => "is too big.",
        _ => $"fails the schema ({error.Kind}).",
    };
}
