using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace OrleansFlows.Silo.Hosting;

/// <summary>
/// Ready once the silo is active in the cluster's membership, until it starts to stop. The database is not asked
/// (<see cref="StoreHealthCheck"/> reports it): a silo rides out an outage, and its requests then answer 503.
/// </summary>
internal sealed class SiloReadinessCheck(StoreStartup startup) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(startup.IsActive
            ? HealthCheckResult.Healthy("The silo is active.")
            : HealthCheckResult.Unhealthy("The silo is not active (starting or shutting down)."));
}
