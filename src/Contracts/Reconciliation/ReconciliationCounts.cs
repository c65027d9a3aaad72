namespace OrleansFlows.Contracts.Reconciliation;

/// <summary>A finished run's counts.</summary>
/// <param name="Leads">Leads accepted on the business date.</param>
/// <param name="Records">Batch records collected for the date.</param>
/// <param name="Sent">Records in chunks the receiver answered with success.</param>
/// <param name="Acknowledged">Records the receiver said it accepted.</param>
/// <param name="Chunks">Chunks the records were split into.</param>
/// <param name="FailedChunks">Chunks still refused after their retries.</param>
/// <param name="Mismatches">Chunks whose acknowledged count differs from the sent count.</param>
/// <param name="Repaired">Leads retried by the repair phase.</param>
[Immutable]
[GenerateSerializer]
[Alias("OrleansFlows.ReconciliationCounts")]
public sealed record ReconciliationCounts(int Leads, int Records, int Sent, int Acknowledged, int Chunks, int FailedChunks, int Mismatches, int Repaired);
