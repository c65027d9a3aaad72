using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using OrleansFlows.Api.Auth;
using OrleansFlows.Api.Hosting;
using OrleansFlows.Api.Intake;
using OrleansFlows.Api.Models;
using OrleansFlows.Api.OpenApi;
using OrleansFlows.Api.Problems;
using OrleansFlows.Contracts.Tenants;
using OrleansFlows.Contracts.Workflows;

namespace OrleansFlows.Api.Endpoints;

/// <summary>Tenant endpoints for workflows and their versions.</summary>
public static class WorkflowsApi
{
    public static RouteGroupBuilder MapWorkflowsApi(this RouteGroupBuilder group)
    {
        group.MapPut("/workflows/{name}", PublishAsync).WithTags("Workflows").WithName("PutWorkflow")
            .WithSummary("Publishes a workflow definition as the workflow's next version (the same definition again returns the current version).")
            .WithJsonBody(
                "A workflow definition: the JSON Schema of the lead payload ('input') and the steps every lead runs ('steps'), as defined by the JSON Schema the API serves at /schemas/workflow-definition.schema.json (docs/workflow-definition.schema.json) and explained in docs/workflows.md.",
                ["input", "steps"],
                new Uri(SchemasApi.WorkflowDefinitionPath, UriKind.Relative))
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status413PayloadTooLarge).ProducesProblem(StatusCodes.Status415UnsupportedMediaType);
        group.MapGet("/workflows", ListAsync).WithTags("Workflows").WithName("ListWorkflows").WithSummary("Lists the tenant's workflows and their versions.");
        group.MapGet("/workflows/{name}", GetAsync).WithTags("Workflows").WithName("GetWorkflow").WithSummary("Reads a workflow and its versions.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapGet("/workflows/{name}/versions/{version:int}", GetVersionAsync).WithTags("Workflows").WithName("GetWorkflowVersion")
            .WithSummary("Reads one version's definition.").ProducesProblem(StatusCodes.Status404NotFound);
        return group;
    }

    private static async Task<Results<Ok<WorkflowSummary>, ProblemHttpResult>> PublishAsync(string name, HttpContext http, IGrainFactory grains, IOptions<ApiOptions> options)
    {
        var body = await RequestBodies.ReadJsonAsync(http.Request, options.Value.MaxBodyBytes);
        if (RequestBodies.CheckJson(body, RequestBodies.DefinitionMaxDepth) != JsonValueKind.Object)
        {
            return ApiProblems.Validation(new Dictionary<string, string[]> { ["$"] = ["A workflow definition must be a JSON object with 'input' and 'steps'."] });
        }

        var tenant = AuthenticatedTenant.Of(http);
        return TypedResults.Ok(await grains.GetGrain<ITenantGrain>(tenant.Value).PublishWorkflowAsync(name, Encoding.UTF8.GetString(body)));
    }

    private static async Task<Ok<PageResponse<WorkflowSummary>>> ListAsync(HttpContext http, IGrainFactory grains) =>
        TypedResults.Ok(new PageResponse<WorkflowSummary>(await grains.GetGrain<ITenantGrain>(AuthenticatedTenant.Of(http).Value).ListWorkflowsAsync(), null));

    private static async Task<Results<Ok<WorkflowSummary>, ProblemHttpResult>> GetAsync(string name, HttpContext http, IGrainFactory grains)
    {
        var tenant = AuthenticatedTenant.Of(http);
        var workflow = await grains.GetGrain<ITenantGrain>(tenant.Value).GetWorkflowAsync(name);
        return workflow is null ? ApiProblems.NotFound($"Workflow '{name}' does not exist.") : TypedResults.Ok(workflow);
    }

    private static async Task<Results<Ok<WorkflowVersionResponse>, ProblemHttpResult>> GetVersionAsync(string name, int version, HttpContext http, IGrainFactory grains)
    {
        var tenant = AuthenticatedTenant.Of(http);
        var summary = await grains.GetGrain<ITenantGrain>(tenant.Value).GetWorkflowAsync(name);
        if (summary is null || version < 1 || version > summary.LatestVersion)
        {
            return ApiProblems.NotFound($"Workflow '{name}' has no version {version}.");
        }

        var view = await grains.GetGrain<IWorkflowGrain>(WorkflowKey.Format(tenant, name, version)).GetAsync();
        return view is null
            ? ApiProblems.NotFound($"Workflow '{name}' version {version} is recorded but its definition is missing; publish it again.")
            : TypedResults.Ok(new WorkflowVersionResponse(view.Name, view.Version, view.PublishedAt, JsonNode.Parse(view.DefinitionJson)));
    }
}

/// <summary>One workflow version with its definition.</summary>
public sealed record WorkflowVersionResponse(string Name, int Version, DateTimeOffset PublishedAt, JsonNode? Definition);
