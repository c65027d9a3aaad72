namespace OrleansFlows.Api.Models;

/// <summary>One of the tenant's active API keys, without its secret.</summary>
/// <param name="KeyId">The key's id (the part of the key before its secret).</param>
/// <param name="CreatedAt">When it was issued.</param>
/// <param name="Current">Whether the request that listed it was made with this key.</param>
public sealed record TenantApiKeyResponse(string KeyId, DateTimeOffset CreatedAt, bool Current);
