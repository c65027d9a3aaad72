using System.Text.Json;
using System.Text.Json.Nodes;
using OrleansFlows.Contracts.Tenants;
using OrleansFlows.Contracts.Workflows;
using OrleansFlows.Grains.Expressions;

namespace OrleansFlows.Grains.Workflows;

/// <summary>Parses and validates a definition for publishing, with the real expression, template and schema checks.</summary>
public static class WorkflowPublishing
{
    /// <exception cref="WorkflowValidationException">The definition is invalid; every problem is listed.</exception>
    public static async Task<WorkflowDefinition> ParseAsync(string definitionJson, IReadOnlyDictionary<string, ConnectionKind> connections)
    {
        // The schema library loads asynchronously, so the input schema is checked up front and its verdict handed in.
        var schemaError = await CheckInputSchemaAsync(definitionJson);
        var context = new WorkflowValidationContext(connections, ExpressionSyntax.CheckExpression, ExpressionSyntax.CheckTemplate, _ => schemaError);
        return WorkflowDefinitionParser.Parse(definitionJson, context);
    }

    private static async Task<string?> CheckInputSchemaAsync(string definitionJson)
    {
        try
        {
            return JsonNode.Parse(definitionJson)?["input"] is JsonObject input ? await InputSchemas.CheckAsync(input) : null;
        }
        catch (JsonException)
        {
            // The parser reports malformed JSON itself, with its position.
            return null;
        }
    }
}

