using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace OrleansFlows.Silo.Hosting;

/// <summary>
/// Ready while the cluster client is connected to at least one gateway. Nothing here reads the database, so in a
/// database outage the API stays behind its load balancer and answers 503 with Retry-After
/// (<see cref="ClusterDatabaseHealthCheck"/> reports the database).
/// </summary>
internal sealed class ClusterClientReadinessCheck(GatewayConnections gateways) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(gateways.Connected > 0
            ? HealthCheckResult.Healthy($"Connected to {gateways.Connected} gateway(s).")
            : HealthCheckResult.Unhealthy("Not connected to any gateway of the cluster."));
}
