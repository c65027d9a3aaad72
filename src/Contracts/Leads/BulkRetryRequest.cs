namespace OrleansFlows.Contracts.Leads;

/// <summary>Which failed leads of a workflow a bulk retry runs again, and who asked.</summary>
/// <param name="Workflow">The workflow whose failed leads are retried.</param>
/// <param name="FailedStep">Only leads that failed on this step.</param>
/// <param name="AcceptedFrom">Only leads accepted at or after this instant.</param>
/// <param name="AcceptedTo">Only leads accepted before this instant.</param>
/// <param name="Max">The most leads retried (1 to <see cref="MaxLimit"/>); the oldest accepted go first.</param>
/// <param name="RequestedByKeyId">The id of the API key that asked, named in each lead's audit trail.</param>
[Immutable]
[GenerateSerializer]
[Alias("OrleansFlows.BulkRetryRequest")]
public sealed record BulkRetryRequest(string Workflow, string? FailedStep, DateTimeOffset? AcceptedFrom, DateTimeOffset? AcceptedTo, int Max, string? RequestedByKeyId)
{
    /// <summary>The default of <see cref="Max"/>.</summary>
    public const int DefaultMax = 1000;

    /// <summary>The largest <see cref="Max"/>.</summary>
    public const int MaxLimit = 10_000;
}
