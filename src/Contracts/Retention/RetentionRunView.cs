namespace OrleansFlows.Contracts.Retention;

/// <summary>One run of the retention job and what it deleted.</summary>
/// <param name="RunId">The run's id.</param>
/// <param name="Trigger"><c>scheduled</c> or <c>manual</c>.</param>
/// <param name="Status"><c>running</c>, <c>completed</c>, or <c>failed</c> with <paramref name="Error"/> (see <see cref="RetentionRunStatus"/>); what it deleted before failing stays deleted.</param>
/// <param name="StartedAt">When it started.</param>
/// <param name="FinishedAt">When it finished; null while it runs.</param>
/// <param name="CompletedLeads">Completed leads deleted.</param>
/// <param name="FailedLeads">Failed leads deleted.</param>
/// <param name="Records">Stored records deleted.</param>
/// <param name="Batches">Batches the run took.</param>
/// <param name="MoreDue">True when the run stopped at its batch limit with more due; the next run goes on.</param>
/// <param name="Error">Why it failed, or null.</param>
/// <param name="RequestedBy">The id of the API key that started a manual run; null for a scheduled one.</param>
[Immutable]
[GenerateSerializer]
[Alias("OrleansFlows.RetentionRunView")]
public sealed record RetentionRunView(
    string RunId,
    string Trigger,
    string Status,
    DateTimeOffset StartedAt,
    DateTimeOffset? FinishedAt,
    int CompletedLeads,
    int FailedLeads,
    int Records,
    int Batches,
    bool MoreDue,
    string? Error,
    string? RequestedBy);
