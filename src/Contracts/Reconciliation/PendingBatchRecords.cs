namespace OrleansFlows.Contracts.Reconciliation;

/// <summary>A page of the records waiting for one business date's nightly run, by lead id.</summary>
/// <param name="BusinessDate">The business date listed (the one asked for, or the next run's).</param>
/// <param name="Items">The records of this page.</param>
/// <param name="NextCursor">The cursor of the next page, or null at the end.</param>
[Immutable]
[GenerateSerializer]
[Alias("OrleansFlows.PendingBatchRecords")]
public sealed record PendingBatchRecords(DateOnly BusinessDate, IReadOnlyList<PendingBatchRecord> Items, string? NextCursor);
