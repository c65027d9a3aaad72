namespace OrleansFlows.Contracts.Tenants;

/// <summary>What a tenant grain tells callers about itself.</summary>
/// <param name="TenantId">The tenant's id.</param>
/// <param name="Profile">Its profile.</param>
/// <param name="CreatedAt">When it was created.</param>
/// <param name="UpdatedAt">When its profile last changed.</param>
public sealed record TenantView(string TenantId, TenantProfile Profile, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);
