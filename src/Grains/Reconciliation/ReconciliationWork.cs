using OrleansFlows.Contracts.Reconciliation;
using OrleansFlows.Contracts.Tenants;

namespace OrleansFlows.Grains.Reconciliation;

/// <summary>One run's batch work, handed from its grain to the silo's <see cref="ReconciliationExecutor"/>.</summary>
/// <param name="Tenant">The tenant.</param>
/// <param name="BusinessDate">The date reconciled.</param>
/// <param name="Attempt">The run's attempt; with the date it names the run and its idempotency keys.</param>
/// <param name="Trigger">Why the run started.</param>
/// <param name="Settings">The schedule's batch settings as they were when the run started.</param>
/// <param name="MonthlyReport">Whether the report adds the month's totals.</param>
public sealed record ReconciliationWork(
    TenantId Tenant, DateOnly BusinessDate, int Attempt, ReconciliationTrigger Trigger, BatchSettings Settings, bool MonthlyReport)
{
    /// <summary>The run's id within its tenant.</summary>
    public string RunId => ReconciliationRows.RunId(BusinessDate, Attempt);

    /// <summary>A one-line name for logs.</summary>
    public override string ToString() => $"reconciliation of {Tenant} {RunId}";
}

/// <summary>What a batch needs from the schedule: where records go, in what size, and where the summary goes.</summary>
public sealed record BatchSettings(string TimeZone, string? Connection, string Path, int ChunkSize, string? NotifyConnection)
{
    public static BatchSettings From(StoredSchedule schedule) =>
        new(schedule.TimeZone, schedule.Connection, schedule.Path, schedule.ChunkSize, schedule.NotifyConnection);
}

/// <summary>Takes a run's batch work off its grain's turn.</summary>
public interface IReconciliationDispatcher
{
    /// <summary>Queues the work; a run already queued or running on this silo is not queued twice.</summary>
    void Dispatch(ReconciliationWork work);
}
