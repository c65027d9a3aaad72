using OrleansFlows.Contracts.Tenants;

namespace OrleansFlows.Api.Models;

/// <summary>A tenant as the API shows it.</summary>
public sealed record TenantResponse(string Id, string Name, string TimeZone, bool Suspended, PlanLimits Limits, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt)
{
    public static TenantResponse From(TenantView view) =>
        new(view.TenantId, view.Profile.Name, view.Profile.TimeZone, view.Suspended, view.Limits ?? PlanLimits.Default, view.CreatedAt, view.UpdatedAt);
}
