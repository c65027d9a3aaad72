using Microsoft.AspNetCore.Http.HttpResults;
using OrleansFlows.Api.Auth;
using OrleansFlows.Api.Models;

namespace OrleansFlows.Api.Endpoints;

/// <summary>Operator endpoints about the Orleans cluster itself.</summary>
public static class ClusterApi
{
    public static RouteGroupBuilder MapClusterApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/v1/cluster")
            .WithTags("Cluster (operator)")
            .RequireAuthentication<OperatorAuthentication, RouteGroupBuilder>()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status429TooManyRequests)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        group.MapGet("/silos", ListSilosAsync).WithName("ListSilos")
            .WithSummary("Lists the cluster's silos from its membership table, with their status (active, joining, shuttingDown, dead…).");
        return group;
    }

    private static async Task<Ok<PageResponse<SiloResponse>>> ListSilosAsync(IGrainFactory grains)
    {
        var hosts = await grains.GetGrain<IManagementGrain>(0).GetDetailedHosts(onlyActive: false);
        var silos = hosts
            .OrderBy(h => h.Status == SiloStatus.Dead)
            .ThenBy(h => h.SiloAddress.ToParsableString(), StringComparer.Ordinal)
            .Select(SiloResponse.From)
            .ToList();
        return TypedResults.Ok(new PageResponse<SiloResponse>(silos, null));
    }
}
