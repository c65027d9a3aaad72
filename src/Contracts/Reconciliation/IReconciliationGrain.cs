using Orleans.Concurrency;

namespace OrleansFlows.Contracts.Reconciliation;

/// <summary>
/// A tenant's nightly reconciliation (<c>reconciliation/{tenantId}</c>): its schedule, one durable reminder for the next
/// due run, and the runs themselves. Batch work runs in the silo's reconciliation executor, outside the grain's turns;
/// every run is a row in <c>reconciliation_runs</c>, never grain state.
/// </summary>
[Alias("reconciliation")]
public interface IReconciliationGrain : IGrainWithStringKey
{
    /// <summary>The schedule, or null if none was set.</summary>
    [ReadOnly]
    Task<ReconciliationScheduleView?> GetScheduleAsync();

    /// <summary>Creates or replaces the schedule and moves the reminder to the next due run. Durable when it returns.</summary>
    /// <exception cref="Tenants.TenantNotFoundException">The tenant does not exist.</exception>
    /// <exception cref="Tenants.TenantValidationException">The schedule is invalid; every problem is listed by field.</exception>
    Task<ReconciliationScheduleView> SetScheduleAsync(ReconciliationSchedule schedule);

    /// <summary>Starts a manual run for a business date. The run is recorded before this returns; it finishes in the background.</summary>
    /// <exception cref="Tenants.TenantValidationException">The date is after the tenant's today, or no schedule is set.</exception>
    /// <exception cref="ReconciliationConflictException">A run is in progress, or the date completed and <see cref="StartReconciliationRun.Force"/> is false.</exception>
    Task<ReconciliationRunView> StartRunAsync(StartReconciliationRun request);

    /// <summary>Receives the outcome of a run from the executor. A stale or duplicate report is ignored.</summary>
    Task CompleteRunAsync(ReconciliationRunOutcome outcome);
}
