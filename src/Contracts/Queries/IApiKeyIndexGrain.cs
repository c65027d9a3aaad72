using OrleansFlows.Contracts.Tenants;
using Orleans.Concurrency;

namespace OrleansFlows.Contracts.Queries;

/// <summary>
/// One bucket of the API key index (<c>api-key-index/{bucket}</c>, <see cref="BucketOf"/> of the key id of
/// <see cref="ApiKeys"/>): which tenant a key belongs to, found without a scan. It holds no state; the index table is
/// written by the tenant grain. Keys are spread over 256 buckets, so lookups of invented keys can't make more
/// activations than that.
/// </summary>
[Alias("api-key-index")]
public interface IApiKeyIndexGrain : IGrainWithStringKey
{
    /// <summary>The bucket a key id belongs to: its first two hex digits.</summary>
    static string BucketOf(string keyId) => keyId[..2];

    /// <summary>The active key with this id, or null if there is none or it was revoked.</summary>
    [ReadOnly]
    Task<ApiKeyEntry?> GetAsync(string keyId);
}

/// <summary>An active API key: its tenant and the SHA-256 hash of the key (<see cref="ApiKeys.Matches"/> checks a presented key).</summary>
[Immutable]
[GenerateSerializer]
[Alias("OrleansFlows.ApiKeyEntry")]
public sealed record ApiKeyEntry(string TenantId, string KeyHash);
