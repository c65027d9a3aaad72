using Microsoft.Extensions.Diagnostics.HealthChecks;
using OrleansFlows.Runtime.Persistence;

namespace OrleansFlows.Runtime.Hosting.Health;

/// <summary>Ready when the silo is active and its store answers.</summary>
public sealed class SiloReadinessCheck(SiloStatus status, IStoreBootstrap store) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (!status.IsActive)
        {
            return HealthCheckResult.Unhealthy("The silo is not active (starting or shutting down).");
        }

        return await store.PingAsync(cancellationToken).ConfigureAwait(false)
            ? HealthCheckResult.Healthy($"Silo active on {store.Describe()}.")
            : HealthCheckResult.Unhealthy($"{store.Describe()} does not answer.");
    }
}
