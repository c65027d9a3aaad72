using Microsoft.AspNetCore.Http.HttpResults;
using OrleansFlows.Api.Auth;
using OrleansFlows.Api.Problems;
using OrleansFlows.Contracts.Queues;
using OrleansFlows.Contracts.Tenants;

namespace OrleansFlows.Api.Queues;

/// <summary>The state of a workflow's queue trigger.</summary>
public static class QueueTriggerApi
{
    public static RouteGroupBuilder MapQueueTriggerApi(this RouteGroupBuilder group)
    {
        group.MapGet("/workflows/{name}/trigger", GetAsync).WithTags("Workflows").WithName("GetWorkflowTrigger")
            .WithSummary("Reads the state of the workflow's queue trigger: connected, connecting, backing-off or stopped, the last error, counters and the latest rejected messages.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        return group;
    }

    private static async Task<Results<Ok<QueueTriggerStatus>, ProblemHttpResult>> GetAsync(string name, HttpContext http, IGrainFactory grains)
    {
        var tenant = AuthenticatedTenant.Of(http);
        if (await grains.GetGrain<ITenantGrain>(tenant.Value).GetWorkflowAsync(name) is null)
        {
            return ApiProblems.NotFound($"Workflow '{name}' does not exist.");
        }

        return TypedResults.Ok(await grains.GetGrain<IQueueConsumerGrain>(QueueConsumerKey.Format(tenant, name)).GetStatusAsync());
    }
}
