namespace OrleansFlows.Contracts.Tenants;

/// <summary>The tenant was never created (its profile was never set).</summary>
public sealed class TenantNotFoundException(string tenantId) : Exception($"Tenant '{tenantId}' does not exist.")
{
    public string TenantId { get; } = tenantId;
}
