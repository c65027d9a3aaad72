using Microsoft.Extensions.Diagnostics.HealthChecks;
using OrleansFlows.Runtime.Cluster;

namespace OrleansFlows.Runtime.Hosting.Health;

/// <summary>Ready when the cluster client sees at least one active silo and reaches the cluster's database.</summary>
public sealed class ClusterClientReadinessCheck(ClusterClientStatus status) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (status.ActiveSilos == 0)
        {
            return HealthCheckResult.Unhealthy($"No silo of cluster '{status.ClusterId}' is active in the client's view.");
        }

        return await status.PingStoreAsync(cancellationToken).ConfigureAwait(false)
            ? HealthCheckResult.Healthy($"Cluster client of '{status.ClusterId}': {status.ActiveSilos} active silos.")
            : HealthCheckResult.Unhealthy("The cluster's PostgreSQL database does not answer.");
    }
}
