using OrleansFlows.Runtime.Abstractions;

namespace OrleansFlows.Contracts.Tenants;

/// <summary>A tenant (<c>tenant/{tenantId}</c>): its profile, and later its limits, connections and workflows.</summary>
[GrainType("tenant")]
public interface ITenantGrain : IGrain
{
    /// <summary>The tenant, or null if it was never created.</summary>
    [ReadOnly]
    Task<TenantView?> GetAsync();

    /// <summary>Creates the tenant with a profile, or replaces the profile of an existing one. Durable when it returns.</summary>
    /// <exception cref="TenantValidationException">The profile is invalid; every problem is listed.</exception>
    Task<TenantView> SetProfileAsync(TenantProfile profile);
}
