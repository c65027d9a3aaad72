using OrleansFlows.Contracts.Queries;
using OrleansFlows.Runtime.Abstractions;
using OrleansFlows.Runtime.Persistence;

namespace OrleansFlows.Grains.Queries;

/// <summary>Looks API key ids up in the <c>api_keys</c> index, which the tenant grain writes with its state.</summary>
public sealed class ApiKeyIndexGrain(IProjectionStore store) : Grain, IApiKeyIndexGrain
{
    public async Task<ApiKeyEntry?> GetAsync(string keyId)
    {
        if (IApiKeyIndexGrain.BucketOf(keyId) != GrainId.Key)
        {
            throw new ArgumentException($"Key id '{keyId}' belongs to bucket '{IApiKeyIndexGrain.BucketOf(keyId)}', not '{GrainId.Key}'.", nameof(keyId));
        }

        var rows = await store.QueryAsync(
            "SELECT tenant_id, key_hash FROM api_keys WHERE key_id = @key AND revoked_at IS NULL",
            new Dictionary<string, object?> { ["key"] = keyId },
            row => new ApiKeyEntry(row.GetString(0), row.GetString(1)),
            tenantScope: null,
            CancellationToken.None);
        return rows.Count == 0 ? null : rows[0];
    }
}
