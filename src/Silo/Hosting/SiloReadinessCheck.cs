using Microsoft.Extensions.Diagnostics.HealthChecks;
using OrleansFlows.Storage;

namespace OrleansFlows.Silo.Hosting;

/// <summary>Ready when the silo is active and its store answers.</summary>
internal sealed class SiloReadinessCheck(StoreStartup startup, IStoreBootstrap store) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (!startup.IsActive)
        {
            return HealthCheckResult.Unhealthy("The silo is not active (starting or shutting down).");
        }

        return await store.PingAsync(cancellationToken).ConfigureAwait(false)
            ? HealthCheckResult.Healthy($"Silo active on {store.Describe()}.")
            : HealthCheckResult.Unhealthy($"{store.Describe()} does not answer.");
    }
}
