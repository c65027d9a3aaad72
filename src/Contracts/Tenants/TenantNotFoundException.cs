namespace OrleansFlows.Contracts.Tenants;

/// <summary>The tenant was never created (its profile was never set).</summary>
[GenerateSerializer]
[Alias("OrleansFlows.TenantNotFoundException")]
public sealed class TenantNotFoundException(string tenantId) : Exception($"Tenant '{tenantId}' does not exist.")
{
    [Id(0)]
    public string TenantId { get; private set; } = tenantId;
}
