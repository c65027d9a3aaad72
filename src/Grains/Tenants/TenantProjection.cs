using OrleansFlows.Storage;

namespace OrleansFlows.Grains.Tenants;

/// <summary>The <c>tenants</c> list row, written in the same transaction as the tenant's state.</summary>
internal static class TenantProjection
{
    public static ProjectionWrite Upsert(string tenantId, TenantState state) => new(
        """
        INSERT INTO tenants (tenant_id, name, time_zone, created_at, updated_at)
        VALUES (@tenant, @name, @zone, @created, @updated)
        ON CONFLICT (tenant_id) DO UPDATE SET name = excluded.name, time_zone = excluded.time_zone, updated_at = excluded.updated_at
        """,
        new Dictionary<string, object?>
        {
            ["tenant"] = tenantId,
            ["name"] = state.Profile!.Name,
            ["zone"] = state.Profile.TimeZone,
            ["created"] = state.CreatedAt,
            ["updated"] = state.UpdatedAt,
        });
}
