using OrleansFlows.Contracts.Queries;
using OrleansFlows.Storage;

namespace OrleansFlows.Grains.Queries;

/// <summary>Looks API key ids up in the <c>api_keys</c> index, which the tenant grain writes with its state.</summary>
[GrainType("api-key-index")]
public sealed class ApiKeyIndexGrain(IProjectionStore store) : Grain, IApiKeyIndexGrain
{
    public async Task<ApiKeyEntry?> GetAsync(string keyId)
    {
        if (IApiKeyIndexGrain.BucketOf(keyId) != this.GetPrimaryKeyString())
        {
            throw new ArgumentException($"Key id '{keyId}' belongs to bucket '{IApiKeyIndexGrain.BucketOf(keyId)}', not '{this.GetPrimaryKeyString()}'.", nameof(keyId));
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
