using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using OrleansFlows.Silo.Hosting;

namespace OrleansFlows.Api.Endpoints;

/// <summary>Liveness (the process answers) and readiness (the silo is active and its store answers).</summary>
public static class HealthApi
{
    public static IEndpointRouteBuilder MapHealthApi(this IEndpointRouteBuilder routes)
    {
        routes.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false }).WithTags("Health");
        routes.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = c => c.Tags.Contains(HealthTags.Ready) }).WithTags("Health");
        return routes;
    }
}
