using OrleansFlows.Contracts.Tenants;
using OrleansFlows.Storage;

namespace OrleansFlows.Grains.Tenants;

/// <summary>The <c>api_keys</c> index rows: key id to tenant and hash, so a key resolves without a scan.</summary>
internal static class TenantAccessRows
{
    public static ProjectionWrite InsertApiKey(TenantId tenant, StoredApiKey key) => new(
        "INSERT INTO api_keys (key_id, tenant_id, key_hash, created_at) VALUES (@key, @tenant, @hash, @created)",
        new Dictionary<string, object?> { ["key"] = key.KeyId, ["tenant"] = tenant.Value, ["hash"] = key.Hash, ["created"] = key.CreatedAt });

    public static ProjectionWrite RevokeApiKey(string keyId, DateTimeOffset at) => new(
        "UPDATE api_keys SET revoked_at = @at WHERE key_id = @key AND revoked_at IS NULL",
        new Dictionary<string, object?> { ["key"] = keyId, ["at"] = at });
}
