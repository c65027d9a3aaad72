namespace OrleansFlows.Contracts.Leads;

/// <summary>A bulk retry of failed leads, as recorded when it started and updated when it finished.</summary>
/// <param name="OperationId">Its id (<c>bulk_…</c>), named in the audit trail of every lead it retried.</param>
/// <param name="Workflow">The workflow whose failed leads it retried.</param>
/// <param name="Matched">Failed leads it took on (at most <paramref name="Max"/>).</param>
/// <param name="Retried">Of those, the leads running again.</param>
/// <param name="Skipped">Of those, the leads it could not retry, with the reason.</param>
/// <param name="Truncated">Whether more failed leads matched than <paramref name="Max"/>.</param>
/// <param name="Status"><c>running</c>, or <c>finished</c>.</param>
/// <param name="RequestedAt">When it started.</param>
/// <param name="FinishedAt">When it finished.</param>
/// <param name="RequestedBy">The id of the API key that asked.</param>
/// <param name="FailedStep">Its failed-step filter.</param>
/// <param name="AcceptedFrom">Its accepted-from filter.</param>
/// <param name="AcceptedTo">Its accepted-to filter.</param>
/// <param name="Max">Its cap.</param>
[Immutable]
[GenerateSerializer]
[Alias("OrleansFlows.BulkRetryOperation")]
public sealed record BulkRetryOperation(
    string OperationId,
    string Workflow,
    int Matched,
    int Retried,
    IReadOnlyList<BulkRetrySkip> Skipped,
    bool Truncated,
    string Status,
    DateTimeOffset RequestedAt,
    DateTimeOffset? FinishedAt,
    string? RequestedBy,
    string? FailedStep,
    DateTimeOffset? AcceptedFrom,
    DateTimeOffset? AcceptedTo,
    int Max);
