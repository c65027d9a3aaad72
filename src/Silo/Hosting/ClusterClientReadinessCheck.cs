using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace OrleansFlows.Silo.Hosting;

/// <summary>Ready when the cluster client reaches a silo and the cluster lists at least one active silo.</summary>
internal sealed class ClusterClientReadinessCheck(IClusterClient client) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var hosts = await client.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true).WaitAsync(TimeSpan.FromSeconds(5), cancellationToken);
            return hosts.Count > 0
                ? HealthCheckResult.Healthy($"Cluster client: {hosts.Count} active silo(s).")
                : HealthCheckResult.Unhealthy("The cluster lists no active silo.");
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            return HealthCheckResult.Unhealthy($"No silo of the cluster answers: {exception.Message}");
        }
    }
}
