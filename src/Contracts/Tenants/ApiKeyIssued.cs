namespace OrleansFlows.Contracts.Tenants;

/// <summary>A new tenant API key. <see cref="Key"/> is shown this once; only its hash is stored.</summary>
[Immutable]
[GenerateSerializer]
[Alias("OrleansFlows.ApiKeyIssued")]
public sealed record ApiKeyIssued(string KeyId, string Key, DateTimeOffset CreatedAt);

/// <summary>An active API key, without its secret.</summary>
[Immutable]
[GenerateSerializer]
[Alias("OrleansFlows.ApiKeyInfo")]
public sealed record ApiKeyInfo(string KeyId, DateTimeOffset CreatedAt);
