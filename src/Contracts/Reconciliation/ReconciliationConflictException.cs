namespace OrleansFlows.Contracts.Reconciliation;

/// <summary>A run can't start now: one is in progress, or the date completed and the request did not force it. The message says which.</summary>
[GenerateSerializer]
[Alias("OrleansFlows.ReconciliationConflictException")]
public sealed class ReconciliationConflictException(string message) : Exception(message)
{
}
