namespace OrleansFlows.Contracts.Reconciliation;

/// <summary>One run, as stored in <c>reconciliation_runs</c>.</summary>
/// <param name="RunId">The run's id within the tenant: <c>{businessDate}.{attempt}</c>, such as <c>2026-12-02.1</c>.</param>
/// <param name="BusinessDate">The business date reconciled.</param>
/// <param name="Attempt">1 for the date's first run, then one more for each run after it.</param>
/// <param name="Trigger">Why it started.</param>
/// <param name="Status">Where it stands.</param>
/// <param name="StartedAt">When it was recorded.</param>
/// <param name="FinishedAt">When it finished, or null while running.</param>
/// <param name="Counts">Its counts, once finished.</param>
/// <param name="Errors">What went wrong, empty if nothing.</param>
/// <param name="ReportJson">The stored report (JSON), once finished.</param>
[GenerateSerializer]
[Alias("OrleansFlows.ReconciliationRunView")]
public sealed record ReconciliationRunView(
    string RunId,
    DateOnly BusinessDate,
    int Attempt,
    ReconciliationTrigger Trigger,
    ReconciliationRunStatus Status,
    DateTimeOffset StartedAt,
    DateTimeOffset? FinishedAt,
    ReconciliationCounts? Counts,
    IReadOnlyList<string> Errors,
    string? ReportJson);
