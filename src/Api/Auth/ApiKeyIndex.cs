using System.Collections.Concurrent;
using OrleansFlows.Contracts.Tenants;
using OrleansFlows.Grains.Security;
using OrleansFlows.Runtime.Persistence;

namespace OrleansFlows.Api.Auth;

/// <summary>
/// Resolves a tenant API key to its tenant through the <c>api_keys</c> index (key id → tenant and hash), never by a
/// scan. Lookups are cached for a few seconds; a revoked key stops working within that time.
/// </summary>
internal sealed class ApiKeyIndex(IProjectionStore store, TimeProvider timeProvider)
{
    private static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(5);
    private readonly ConcurrentDictionary<string, (string? Tenant, string? Hash, DateTimeOffset Until)> _cache = new();

    /// <summary>The tenant the key belongs to, or null for an unknown, malformed or revoked key.</summary>
    public async Task<TenantId?> ResolveAsync(string key, CancellationToken cancellationToken)
    {
        if (ApiKeys.KeyIdOf(key) is not { } keyId)
        {
            return null;
        }

        var now = timeProvider.GetUtcNow();
        if (!_cache.TryGetValue(keyId, out var entry) || entry.Until < now)
        {
            var rows = await store.QueryAsync(
                "SELECT tenant_id, key_hash FROM api_keys WHERE key_id = @key AND revoked_at IS NULL",
                new Dictionary<string, object?> { ["key"] = keyId },
                row => (row.GetString(0), row.GetString(1)),
                tenantScope: null,
                cancellationToken);
            entry = rows.Count == 0 ? (null, null, now + CacheFor) : (rows[0].Item1, rows[0].Item2, now + CacheFor);
            _cache[keyId] = entry;
        }

        return entry.Hash is not null && ApiKeys.Matches(key, entry.Hash) ? TenantId.Parse(entry.Tenant!) : null;
    }
}
