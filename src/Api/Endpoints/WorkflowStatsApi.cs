using Microsoft.AspNetCore.Http.HttpResults;
using OrleansFlows.Api.Auth;
using OrleansFlows.Contracts.Queries;

namespace OrleansFlows.Api.Endpoints;

/// <summary>Tenant endpoint for a workflow's per-step attempt statistics.</summary>
public static class WorkflowStatsApi
{
    /// <summary>The window when the caller names none.</summary>
    public const int DefaultHours = 24;

    public static RouteGroupBuilder MapWorkflowStatsApi(this RouteGroupBuilder group)
    {
        group.MapGet("/workflows/{name}/stats", GetAsync).WithTags("Workflows").WithName("GetWorkflowStats")
            .WithSummary("Per-step attempts, successes, failures, success rate and median duration of the workflow's step attempts started in the last hours (1 to 168, default 24).")
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound);
        return group;
    }

    private static async Task<Ok<WorkflowStats>> GetAsync(string name, int? hours, HttpContext http, IGrainFactory grains) =>
        TypedResults.Ok(await grains.GetGrain<ITenantQueryGrain>(AuthenticatedTenant.Of(http).Value).GetWorkflowStatsAsync(name, hours ?? DefaultHours));
}
