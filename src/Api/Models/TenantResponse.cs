using OrleansFlows.Contracts.Tenants;

namespace OrleansFlows.Api.Models;

/// <summary>A tenant as the API shows it.</summary>
public sealed record TenantResponse(string Id, string Name, string TimeZone, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt)
{
    public static TenantResponse From(TenantView view) =>
        new(view.TenantId, view.Profile.Name, view.Profile.TimeZone, view.CreatedAt, view.UpdatedAt);
}
