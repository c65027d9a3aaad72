using OrleansFlows.Contracts.Tenants;
using OrleansFlows.Runtime.Abstractions;

namespace OrleansFlows.Contracts.Queries;

/// <summary>
/// An API key's entry in the key index (<c>api-key/{keyId}</c>, the key id of <see cref="ApiKeys"/>): which tenant
/// it belongs to, found without a scan. It holds no state; the index table is written by the tenant grain.
/// </summary>
[GrainType("api-key")]
public interface IApiKeyGrain : IGrain
{
    /// <summary>The active key with this id, or null if there is none or it was revoked.</summary>
    [ReadOnly]
    Task<ApiKeyEntry?> GetAsync();
}

/// <summary>An active API key: its tenant and the SHA-256 hash of the key (<see cref="ApiKeys.Matches"/> checks a presented key).</summary>
public sealed record ApiKeyEntry(string TenantId, string KeyHash);
