using System.Collections.Concurrent;
using OrleansFlows.Contracts.Queries;
using OrleansFlows.Contracts.Tenants;

namespace OrleansFlows.Api.Auth;

/// <summary>
/// Resolves a tenant API key to its tenant through the key index (<see cref="IApiKeyIndexGrain"/>, by key id), never
/// by a scan. Lookups are cached for a few seconds; a revoked key stops working within that time.
/// </summary>
internal sealed class ApiKeyIndex(IGrainFactory grains, TimeProvider timeProvider)
{
    private static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(5);

    // Well-formed ids of keys that don't exist are cached too; past this many entries the cache starts afresh, so a
    // flood of invented keys can't grow it without bound.
    private const int MaxCachedKeys = 100_000;
    private readonly ConcurrentDictionary<string, (ApiKeyEntry? Entry, DateTimeOffset Until)> _cache = new();

    // Counted here, roughly (a refreshed key counts again): ConcurrentDictionary.Count takes every lock it has.
    private int _cached;

    /// <summary>The tenant the key belongs to, or null for an unknown, malformed or revoked key.</summary>
    public async Task<TenantId?> ResolveAsync(string key, CancellationToken cancellationToken)
    {
        if (ApiKeys.KeyIdOf(key) is not { } keyId)
        {
            return null;
        }

        var now = timeProvider.GetUtcNow();
        if (!_cache.TryGetValue(keyId, out var cached) || cached.Until < now)
        {
            var entry = await grains.GetGrain<IApiKeyIndexGrain>(IApiKeyIndexGrain.BucketOf(keyId)).GetAsync(keyId).WaitAsync(cancellationToken);
            if (Interlocked.Increment(ref _cached) > MaxCachedKeys)
            {
                _cache.Clear();
                Interlocked.Exchange(ref _cached, 0);
            }

            cached = (entry, now + CacheFor);
            _cache[keyId] = cached;
        }

        return cached.Entry is { } found && ApiKeys.Matches(key, found.KeyHash) ? TenantId.Parse(found.TenantId) : null;
    }
}
