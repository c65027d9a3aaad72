using OrleansFlows.Contracts.Tenants;
using OrleansFlows.Contracts.Workflows;
using OrleansFlows.Grains.Expressions;

namespace OrleansFlows.Grains.Workflows;

/// <summary>Parses and validates a definition for publishing, with the real expression, template and schema checks.</summary>
public static class WorkflowPublishing
{
    /// <exception cref="WorkflowValidationException">The definition is invalid; every problem is listed.</exception>
    public static Task<WorkflowDefinition> ParseAsync(string definitionJson, IReadOnlyDictionary<string, ConnectionKind> connections)
    {
        var context = new WorkflowValidationContext(connections, ExpressionSyntax.CheckExpression, ExpressionSyntax.CheckTemplate, InputSchemas.Check);
        return Task.FromResult(WorkflowDefinitionParser.Parse(definitionJson, context));
    }
}
