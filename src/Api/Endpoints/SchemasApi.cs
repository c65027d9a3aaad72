using System.Reflection;

namespace OrleansFlows.Api.Endpoints;

/// <summary>
/// Serves the JSON Schema of a workflow definition (docs/workflow-definition.schema.json, built into the API), so that
/// the OpenAPI document's link to it resolves on every deployment and a client validates against the running version.
/// </summary>
public static class SchemasApi
{
    /// <summary>Where the API serves the workflow definition's JSON Schema.</summary>
    public const string WorkflowDefinitionPath = "/schemas/workflow-definition.schema.json";

    private const string ResourceName = "OrleansFlows.Api.workflow-definition.schema.json";

    public static IEndpointRouteBuilder MapSchemasApi(this IEndpointRouteBuilder routes)
    {
        var schema = ReadWorkflowDefinitionSchema();
        routes.MapGet(WorkflowDefinitionPath, () => Results.Bytes(schema, "application/schema+json"))
            // A document, not an operation: the OpenAPI document links it from PutWorkflow's body.
            .ExcludeFromDescription();
        return routes;
    }

    private static byte[] ReadWorkflowDefinitionSchema()
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"The API was built without its resource '{ResourceName}'.");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
