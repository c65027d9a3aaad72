using System.Collections.Concurrent;
using System.Threading.RateLimiting;
using OrleansFlows.Contracts.Tenants;

namespace OrleansFlows.Api.Intake;

/// <summary>
/// Each tenant's ingest rate, per API process: a token bucket of the plan's submissions per minute, refilled every
/// second. Several API processes each allow the full rate, so across a cluster it is an approximation (documented).
/// </summary>
internal sealed class IngestRateLimiter : IDisposable
{
    private readonly ConcurrentDictionary<TenantId, (int PerMinute, TokenBucketRateLimiter Bucket)> _buckets = new();

    /// <summary>Takes one submission from the tenant's bucket; when empty, says how long until one is available.</summary>
    public bool TryAcquire(TenantId tenant, int perMinute, out TimeSpan retryAfter)
    {
        var entry = _buckets.AddOrUpdate(
            tenant,
            _ => (perMinute, Create(perMinute)),
            (_, existing) => existing.PerMinute == perMinute ? existing : (perMinute, Create(perMinute)));
        using var lease = entry.Bucket.AttemptAcquire();
        if (lease.IsAcquired)
        {
            retryAfter = TimeSpan.Zero;
            return true;
        }

        retryAfter = lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? after : TimeSpan.FromSeconds(1);
        return false;
    }

    public void Dispose()
    {
        foreach (var (_, bucket) in _buckets.Values)
        {
            bucket.Dispose();
        }
    }

    private static TokenBucketRateLimiter Create(int perMinute) => new(new TokenBucketRateLimiterOptions
    {
        TokenLimit = perMinute,
        TokensPerPeriod = Math.Max(1, perMinute / 60),
        ReplenishmentPeriod = perMinute >= 60 ? TimeSpan.FromSeconds(1) : TimeSpan.FromSeconds(60.0 / perMinute),
        QueueLimit = 0,
        AutoReplenishment = true,
    });
}
