using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using OrleansFlows.Contracts.Tenants;

namespace OrleansFlows.Grains.Steps;

/// <summary>
/// Each tenant's cap on concurrent step attempts in this silo (<see cref="PlanLimits.ConcurrentOutboundCalls"/>), read
/// from its tenant grain at most once per refresh interval, so the executor's queue can ask for it on every turn.
/// </summary>
/// <remarks>
/// <see cref="ConcurrencyOf"/> never waits. A tenant not seen before gets 0 (its attempts wait) until its first read
/// completes, which then calls <c>loaded</c>; after that a stale value is served while a new one is read. A read that
/// fails keeps the value there was, or the default for a tenant read for the first time, so a tenant grain that can't
/// be reached never stalls the tenant's steps.
/// </remarks>
internal sealed partial class TenantLimitsCache(
    IGrainFactory grains,
    int defaultConcurrency,
    TimeSpan refreshInterval,
    TimeProvider timeProvider,
    Action<TenantId> loaded,
    ILogger logger)
{
    private readonly ConcurrentDictionary<TenantId, Entry> _entries = new();

    /// <summary>The tenant's cap, or 0 while its limits are read for the first time.</summary>
    public int ConcurrencyOf(TenantId tenant)
    {
        var entry = _entries.GetOrAdd(tenant, _ => new Entry());
        if (Volatile.Read(ref entry.NextReadTicks) <= timeProvider.GetUtcNow().UtcTicks && Interlocked.CompareExchange(ref entry.Reading, 1, 0) == 0)
        {
            _ = ReadAsync(tenant, entry);
        }

        return entry.Cap;
    }

    private async Task ReadAsync(TenantId tenant, Entry entry)
    {
        // The caller holds the queue's lock; the read and the callback must run after it lets go.
        await Task.Yield();
        try
        {
            var view = await grains.GetGrain<ITenantGrain>(tenant.Value).GetAsync().ConfigureAwait(false);
            entry.Cap = view?.Limits is { ConcurrentOutboundCalls: > 0 } limits ? limits.ConcurrentOutboundCalls : defaultConcurrency;
        }
        catch (Exception exception)
        {
            // Any failure of the read (timeout, store down) leaves the cap as it was; the next interval reads again.
            LogReadFailed(logger, tenant.Value, exception);
            if (entry.Cap == 0)
            {
                entry.Cap = defaultConcurrency;
            }
        }
        finally
        {
            Volatile.Write(ref entry.NextReadTicks, (timeProvider.GetUtcNow() + refreshInterval).UtcTicks);
            Volatile.Write(ref entry.Reading, 0);
        }

        loaded(tenant);
    }

    [LoggerMessage(EventId = 4002, Level = LogLevel.Warning, Message = "Reading the plan limits of tenant {TenantId} failed; its step concurrency stays as it was")]
    private static partial void LogReadFailed(ILogger logger, string tenantId, Exception exception);

    private sealed class Entry
    {
        // Fields, not properties: they are read and written with Volatile and Interlocked from several threads.

        /// <summary>1 while a read is in flight, so that a tenant has at most one.</summary>
        public int Reading;

        /// <summary>When the value is due to be read again (UTC ticks); 0 until the first read.</summary>
        public long NextReadTicks;

        public volatile int Cap;
    }
}
