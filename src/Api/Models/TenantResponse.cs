using OrleansFlows.Contracts.Tenants;

namespace OrleansFlows.Api.Models;

/// <summary>A tenant as the API shows it; <c>offboarding</c> is present while its deletion is scheduled.</summary>
public sealed record TenantResponse(
    string Id, string Name, string TimeZone, bool Suspended, PlanLimits Limits, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, TenantOffboardingResponse? Offboarding = null)
{
    public static TenantResponse From(TenantView view) =>
        new(view.TenantId, view.Profile.Name, view.Profile.TimeZone, view.Suspended, view.Limits ?? PlanLimits.Default, view.CreatedAt, view.UpdatedAt,
            view.Offboarding is { } offboarding ? TenantOffboardingResponse.From(view.TenantId, offboarding) : null);
}
