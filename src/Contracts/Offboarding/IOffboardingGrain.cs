using OrleansFlows.Contracts.Tenants;

namespace OrleansFlows.Contracts.Offboarding;

/// <summary>
/// The offboarding of one tenant (<c>offboarding/{tenantId}</c>): it suspends the tenant at once and, after the grace
/// period, deletes the tenant and all its data from a durable reminder, in bounded batches. The schedule itself lives
/// in the tenant's state (<see cref="TenantView.Offboarding"/>); this grain keeps no state of its own.
/// </summary>
[Alias("offboarding")]
public interface IOffboardingGrain : IGrainWithStringKey
{
    /// <summary>
    /// Suspends the tenant and schedules its deletion after the grace period. Asking again while it is scheduled
    /// returns the existing schedule unchanged. Durable when it returns.
    /// </summary>
    /// <exception cref="TenantNotFoundException">The tenant does not exist.</exception>
    Task<TenantOffboarding> ScheduleAsync();

    /// <summary>Cancels a scheduled offboarding and restores the tenant's suspension as it was before; null if none was scheduled.</summary>
    Task<TenantView?> CancelAsync();
}
