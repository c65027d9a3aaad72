using System.Collections.Concurrent;
using OrleansFlows.Contracts.Queries;
using OrleansFlows.Contracts.Tenants;

namespace OrleansFlows.Api.Auth;

/// <summary>
/// Resolves a tenant API key to its tenant through the key index (<see cref="IApiKeyIndexGrain"/>, by key id), never
/// by a scan. Lookups are cached for a few seconds; a revoked key stops working within that time, and at once in the
/// API process that revoked it (<see cref="Forget"/>).
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

    /// <summary>Issues a key through the tenant grain; keys its rotation revoked are refused here at once.</summary>
    public async Task<ApiKeyIssued> IssueAsync(ITenantGrain tenant)
    {
        var before = await tenant.ListApiKeysAsync();
        var issued = await tenant.IssueApiKeyAsync();
        var after = (await tenant.ListApiKeysAsync()).Select(k => k.KeyId).ToHashSet(StringComparer.Ordinal);
        foreach (var dropped in before.Where(k => !after.Contains(k.KeyId)))
        {
            Forget(dropped.KeyId);
        }

        return issued;
    }

    /// <summary>Revokes a key through the tenant grain, and refuses it here at once; false if it was not active.</summary>
    public async Task<bool> RevokeAsync(ITenantGrain tenant, string keyId)
    {
        if (!await tenant.RevokeApiKeyAsync(keyId))
        {
            return false;
        }

        Forget(keyId);
        return true;
    }

    /// <summary>Revokes a key through the tenant grain unless it is the tenant's last one, and refuses a revoked key here at once.</summary>
    public async Task<ApiKeyRevocation> RevokeKeepingOneAsync(ITenantGrain tenant, string keyId)
    {
        var outcome = await tenant.RevokeApiKeyKeepingOneAsync(keyId);
        if (outcome == ApiKeyRevocation.Revoked)
        {
            Forget(keyId);
        }

        return outcome;
    }

    /// <summary>Drops what is cached of a revoked key, so that its next use is looked up again and refused.</summary>
    private void Forget(string keyId) => _cache.TryRemove(keyId, out _);
}
