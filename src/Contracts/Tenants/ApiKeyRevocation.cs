namespace OrleansFlows.Contracts.Tenants;

/// <summary>How a request to revoke an API key while keeping one active ended.</summary>
[GenerateSerializer]
[Alias("OrleansFlows.ApiKeyRevocation")]
public enum ApiKeyRevocation
{
    /// <summary>The key was revoked.</summary>
    Revoked,

    /// <summary>The tenant has no such active key; nothing changed.</summary>
    NotActive,

    /// <summary>The key is the tenant's last active one and was kept.</summary>
    LastKey,
}
