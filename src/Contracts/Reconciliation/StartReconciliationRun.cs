namespace OrleansFlows.Contracts.Reconciliation;

/// <summary>A manual run request.</summary>
/// <param name="BusinessDate">The business date to reconcile; not after the tenant's today.</param>
/// <param name="Force">Run again although the date already completed; recorded as a new attempt.</param>
[Immutable]
[GenerateSerializer]
[Alias("OrleansFlows.StartReconciliationRun")]
public sealed record StartReconciliationRun(DateOnly BusinessDate, bool Force = false);
