using OrleansFlows.Silo.Hosting;

namespace OrleansFlows.Api.Endpoints;

/// <summary>
/// Liveness (the process answers), readiness (the co-hosted silo is active; in client mode, the API is connected to a
/// gateway of the cluster) and the database's health, which readiness does not include: in a database outage every
/// API would leave its load balancer at once, and clients would get refused connections instead of 503 with Retry-After.
/// </summary>
public static class HealthApi
{
    public static IEndpointRouteBuilder MapHealthApi(this IEndpointRouteBuilder routes)
    {
        foreach (var endpoint in routes.MapOrleansFlowsHealth())
        {
            endpoint.WithTags("Health");
        }

        return routes;
    }
}
