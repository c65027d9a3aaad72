using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Routing;

namespace OrleansFlows.Silo.Hosting;

/// <summary>
/// The health routes every host serves (the API on its HTTP port; the standalone silo on its health port):
/// liveness runs no check, readiness the <see cref="HealthTags.Ready"/> checks, the database route the
/// <see cref="HealthTags.Database"/> checks.
/// </summary>
public static class SiloHealthEndpoints
{
    /// <summary>Liveness: the process answers.</summary>
    public const string LivePath = "/health/live";

    /// <summary>Readiness: a silo is active in the membership; a client-mode API is connected to a gateway.</summary>
    public const string ReadyPath = "/health/ready";

    /// <summary>The database answers (reported, not part of readiness).</summary>
    public const string DatabasePath = "/health/db";

    /// <summary>The standalone silo's health port setting; without it the silo serves no HTTP at all.</summary>
    public const string PortSetting = "OrleansFlows:Silo:HealthPort";

    /// <summary>The silo's argument that creates or upgrades the schema and exits.</summary>
    public const string MigrateOnlyArgument = "--migrate-only";

    /// <summary>Maps the three routes; returns their builders for the host to decorate (OpenAPI tags).</summary>
    public static IReadOnlyList<IEndpointConventionBuilder> MapOrleansFlowsHealth(this IEndpointRouteBuilder routes)
    {
        ArgumentNullException.ThrowIfNull(routes);
        return
        [
            routes.MapHealthChecks(LivePath, new HealthCheckOptions { Predicate = _ => false }),
            routes.MapHealthChecks(ReadyPath, new HealthCheckOptions { Predicate = c => c.Tags.Contains(HealthTags.Ready) }),
            routes.MapHealthChecks(DatabasePath, new HealthCheckOptions { Predicate = c => c.Tags.Contains(HealthTags.Database) }),
        ];
    }
}
