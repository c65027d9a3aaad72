using Microsoft.Extensions.Diagnostics.HealthChecks;
using OrleansFlows.Storage;

namespace OrleansFlows.Silo.Hosting;

/// <summary>Healthy when the silo's store answers.</summary>
internal sealed class StoreHealthCheck(IStoreBootstrap store) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        await store.PingAsync(cancellationToken).ConfigureAwait(false)
            ? HealthCheckResult.Healthy($"{store.Describe()} answers.")
            : HealthCheckResult.Unhealthy($"{store.Describe()} does not answer.");
}
