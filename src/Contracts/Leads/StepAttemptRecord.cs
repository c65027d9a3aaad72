namespace OrleansFlows.Contracts.Leads;

/// <summary>One attempt of one step of a lead, from the lead's append-only attempt history.</summary>
/// <param name="StepId">The step.</param>
/// <param name="Attempt">The attempt number, from 1; it keeps counting across retries from the failed step.</param>
/// <param name="Kind">The step kind (<c>http</c>, <c>transform</c>, …).</param>
/// <param name="StartedAt">When the attempt started.</param>
/// <param name="FinishedAt">When its outcome was recorded; null while it runs.</param>
/// <param name="Outcome">How it ended.</param>
/// <param name="HttpStatus">The HTTP status, for an attempt that got an answer.</param>
/// <param name="Error">What went wrong, for a failed attempt.</param>
[Immutable]
[GenerateSerializer]
[Alias("OrleansFlows.StepAttemptRecord")]
public sealed record StepAttemptRecord(
    string StepId,
    int Attempt,
    string Kind,
    DateTimeOffset StartedAt,
    DateTimeOffset? FinishedAt,
    StepAttemptOutcome Outcome,
    int? HttpStatus,
    string? Error);
