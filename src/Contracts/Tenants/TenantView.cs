using OrleansFlows.Contracts.Offboarding;

namespace OrleansFlows.Contracts.Tenants;

/// <summary>What a tenant grain tells callers about itself.</summary>
/// <param name="TenantId">The tenant's id.</param>
/// <param name="Profile">Its profile.</param>
/// <param name="CreatedAt">When it was created.</param>
/// <param name="UpdatedAt">When its profile last changed.</param>
/// <param name="Suspended">Whether the tenant is suspended: its API and webhooks answer 403.</param>
/// <param name="Limits">Its plan limits.</param>
/// <param name="Offboarding">The scheduled deletion of the tenant, while it is being offboarded; otherwise null.</param>
[Immutable]
[GenerateSerializer]
[Alias("OrleansFlows.TenantView")]
public sealed record TenantView(string TenantId, TenantProfile Profile, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, bool Suspended = false, PlanLimits? Limits = null, TenantOffboarding? Offboarding = null);
