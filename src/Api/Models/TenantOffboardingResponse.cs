using OrleansFlows.Contracts.Offboarding;

namespace OrleansFlows.Api.Models;

/// <summary>A tenant being offboarded: suspended since <c>requestedAt</c>, deleted with all its data from <c>scheduledFor</c>.</summary>
public sealed record TenantOffboardingResponse(string TenantId, DateTimeOffset RequestedAt, DateTimeOffset ScheduledFor)
{
    public static TenantOffboardingResponse From(string tenantId, TenantOffboarding offboarding) => new(tenantId, offboarding.RequestedAt, offboarding.ScheduledFor);
}
