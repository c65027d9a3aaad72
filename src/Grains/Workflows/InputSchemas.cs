using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;
using OrleansFlows.Contracts.Leads;

namespace OrleansFlows.Grains.Workflows;

/// <summary>
/// Input schemas (JSON Schema draft-07, validated with JsonSchema.Net) and the payload check at submission. A schema is
/// built once, when its workflow version is loaded (<see cref="WorkflowCatalog"/>), and the built form is shared by
/// every lead of that version.
/// </summary>
public static class InputSchemas
{
    // A verdict alone is cheapest; a refused payload is evaluated again for the details its errors are written from.
    private static readonly EvaluationOptions Verdict = new()
    {
        OutputFormat = OutputFormat.Flag,
        RequireFormatValidation = true,
        FormatRegistry = InputSchemaFormats.Registry,
    };

    private static readonly EvaluationOptions Details = new()
    {
        OutputFormat = OutputFormat.List,
        RequireFormatValidation = true,
        FormatRegistry = InputSchemaFormats.Registry,
    };

    /// <summary>
    /// Checks a schema for publishing: every keyword has its draft-07 shape, every <c>$ref</c> points within the schema
    /// without looping, and the schema builds. Returns null when it is usable, else a message listing every problem by path.
    /// </summary>
    public static string? Check(JsonObject schema)
    {
        var problems = InputSchemaShape.Check(schema);
        if (problems.Count > 0)
        {
            return $"The input schema is not a valid JSON Schema (draft-07): {string.Join(" ", problems)}";
        }

        return Load(schema).Error;
    }

    /// <summary>
    /// Builds a schema for validation, or returns a message saying why it is not a usable JSON Schema. Published
    /// versions are loaded with this alone, so a version published before a check was added keeps running.
    /// </summary>
    public static (InputSchema? Schema, string? Error) Load(JsonObject schema)
    {
        var references = InputSchemaRefs.Check(schema);
        if (references.Count > 0)
        {
            return (null, $"The input schema is not a valid JSON Schema (draft-07): {string.Join(" ", references)}");
        }

        var copy = InputSchemaCopy.ForValidation(schema);
        try
        {
            // A registry of its own: a tenant's schema never sees, nor is seen by, another's.
            var options = new BuildOptions { Dialect = Dialect.Draft07, SchemaRegistry = new SchemaRegistry() };
            var built = JsonSchema.Build(JsonSerializer.SerializeToElement(copy), options);
            return (new InputSchema(built, copy), null);
        }
        catch (Exception exception) when (exception is JsonSchemaException or RefResolutionException or JsonException or ArgumentException or InvalidOperationException)
        {
            return (null, $"The input schema is not a valid JSON Schema (draft-07): {exception.Message}");
        }
    }

    /// <summary>Parses a payload and checks it against the schema.</summary>
    /// <exception cref="LeadValidationException">The payload is not a JSON object or fails the schema; every problem is listed by path.</exception>
    public static JsonObject Validate(InputSchema schema, string payloadJson)
    {
        JsonNode? payload;
        try
        {
            payload = JsonNode.Parse(payloadJson);
        }
        catch (JsonException exception)
        {
            throw new LeadValidationException(new Dictionary<string, string[]> { ["$"] = [$"The payload is not valid JSON: {exception.Message}"] });
        }

        if (payload is not JsonObject input)
        {
            throw new LeadValidationException(new Dictionary<string, string[]> { ["$"] = ["The payload must be a JSON object."] });
        }

        using var document = JsonDocument.Parse(payloadJson);
        var outOfRange = new Dictionary<string, string[]>();
        FindNumbersOutOfRange(document.RootElement, "$", outOfRange);
        if (outOfRange.Count > 0)
        {
            // Numbers beyond 64-bit integers or doubles are refused by name before validation: the leads' expressions
            // and stores can't hold them faithfully (the API refuses them first, at the edge).
            throw new LeadValidationException(outOfRange);
        }

        if (!schema.Built.Evaluate(document.RootElement, Verdict).IsValid)
        {
            var results = schema.Built.Evaluate(document.RootElement, Details);
            throw new LeadValidationException(InputSchemaErrors.From(results, schema.Copy, input));
        }

        return input;
    }

    private static void FindNumbersOutOfRange(JsonElement element, string path, Dictionary<string, string[]> errors)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    FindNumbersOutOfRange(property.Value, $"{path}.{property.Name}", errors);
                }

                break;
            case JsonValueKind.Array:
                var index = 0;
                foreach (var item in element.EnumerateArray())
                {
                    FindNumbersOutOfRange(item, $"{path}[{index++}]", errors);
                }

                break;
            case JsonValueKind.Number:
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
}
