namespace OrleansFlows.Contracts.Reconciliation;

/// <summary>What the executor reports when a run's batch work ends.</summary>
/// <param name="BusinessDate">The run's date.</param>
/// <param name="Attempt">The run's attempt.</param>
/// <param name="Succeeded">False when a chunk failed for good or the run could not proceed.</param>
/// <param name="Counts">The counts.</param>
/// <param name="Errors">What went wrong.</param>
/// <param name="ReportJson">The report.</param>
[GenerateSerializer]
[Alias("OrleansFlows.ReconciliationRunOutcome")]
public sealed record ReconciliationRunOutcome(DateOnly BusinessDate, int Attempt, bool Succeeded, ReconciliationCounts Counts, IReadOnlyList<string> Errors, string ReportJson);
