using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OrleansFlows.Contracts.Retention;
using OrleansFlows.Storage;

namespace OrleansFlows.Grains.Retention;

/// <summary>
/// Gives every tenant its nightly retention job when a silo starts: a tenant created before retention existed, or one
/// whose reminder was lost, has no job until its profile is set again, so each silo, once it serves, pages through the
/// <c>tenants</c> table and asks each tenant's retention grain for its job (<see cref="IRetentionGrain.BackfillAsync"/>).
/// The grain writes only what is missing, so a start where every tenant has its job only reads. Silo start rather than the tenant's first
/// call: a tenant that is never called (a quiet one, or one whose keys are cached) gets its job too.
/// </summary>
internal sealed partial class RetentionBackfill(
    IGrainFactory grains,
    IProjectionStore store,
    IHostApplicationLifetime lifetime,
    ILogger<RetentionBackfill> logger) : IHostedService
{
    // Tenants read per page, and retention grains asked at once.
    private const int PageSize = 200;
    private const int Concurrency = 8;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        // Grain calls work only once the silo has started, which is after every hosted service's StartAsync.
        lifetime.ApplicationStarted.Register(() => _ = BackfillAsync(lifetime.ApplicationStopping));
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Every tenant with a profile, page by page, each asked to keep its job; returns how many it looked at.</summary>
    internal async Task<int> BackfillAsync(CancellationToken cancellationToken)
    {
        var seen = 0;
        try
        {
            string? after = null;
            while (!cancellationToken.IsCancellationRequested)
            {
                var tenants = await PageAsync(after, cancellationToken);
                foreach (var chunk in tenants.Chunk(Concurrency))
                {
                    await Task.WhenAll(chunk.Select(EnsureAsync));
                }

                seen += tenants.Count;
                if (tenants.Count < PageSize)
                {
                    break;
                }

                after = tenants[^1].TenantId;
            }

            LogBackfillFinished(logger, seen);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        catch (Exception exception)
        {
            LogBackfillFailed(logger, seen, exception);
        }

        return seen;
    }

    private async Task EnsureAsync(TenantRow tenant)
    {
        try
        {
            await grains.GetGrain<IRetentionGrain>(tenant.TenantId).BackfillAsync(tenant.TimeZone, tenant.CreatedAt);
        }
        catch (Exception exception)
        {
            // One tenant that can't be scheduled must not stop the others.
            LogBackfillTenantFailed(logger, tenant.TenantId, exception);
        }
    }

    // System work that no tenant drives: it reads every tenant's row.
    private Task<IReadOnlyList<TenantRow>> PageAsync(string? after, CancellationToken cancellationToken) =>
        store.QueryAsync(
            after is null
                ? "SELECT tenant_id, time_zone, created_at FROM tenants ORDER BY tenant_id LIMIT @limit"
                : "SELECT tenant_id, time_zone, created_at FROM tenants WHERE tenant_id > @after ORDER BY tenant_id LIMIT @limit",
            after is null
                ? new Dictionary<string, object?> { ["limit"] = PageSize }
                : new Dictionary<string, object?> { ["limit"] = PageSize, ["after"] = after },
            row => new TenantRow(row.GetString(0), row.GetString(1), row.GetInstant(2)),
            tenantScope: null,
            cancellationToken);

    [LoggerMessage(EventId = RetentionEventIds.BackfillFinished, Level = LogLevel.Information, Message = "Start-up: {Count} tenant(s) have their nightly retention job")]
    private static partial void LogBackfillFinished(ILogger logger, int count);

    [LoggerMessage(EventId = RetentionEventIds.BackfillFailed, Level = LogLevel.Warning, Message = "Start-up: giving tenants their nightly retention job stopped after {Count} tenant(s); the rest get it at the next start or profile change")]
    private static partial void LogBackfillFailed(ILogger logger, int count, Exception exception);

    [LoggerMessage(EventId = RetentionEventIds.BackfillTenantFailed, Level = LogLevel.Warning, Message = "Start-up: tenant {TenantId} could not be given its nightly retention job")]
    private static partial void LogBackfillTenantFailed(ILogger logger, string tenantId, Exception exception);

    private sealed record TenantRow(string TenantId, string TimeZone, DateTimeOffset CreatedAt);
}
