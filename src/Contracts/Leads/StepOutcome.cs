namespace OrleansFlows.Contracts.Leads;

/// <summary>What the step executor reports about one attempt of a step.</summary>
/// <param name="StepId">The step.</param>
/// <param name="Attempt">The attempt number it ran.</param>
/// <param name="Succeeded">Whether it succeeded.</param>
/// <param name="OutputJson">Its output (JSON), when it succeeded.</param>
/// <param name="HttpStatus">The HTTP status, for steps that made a call.</param>
/// <param name="Error">What went wrong, when it failed.</param>
/// <param name="Retryable">Whether another attempt may succeed.</param>
/// <param name="RetryAfter">A delay the receiver asked for (HTTP Retry-After).</param>
[Immutable]
[GenerateSerializer]
[Alias("OrleansFlows.StepOutcome")]
public sealed record StepOutcome(
    string StepId,
    int Attempt,
    bool Succeeded,
    string? OutputJson,
    int? HttpStatus,
    string? Error,
    bool Retryable,
    TimeSpan? RetryAfter)
{
    public static StepOutcome Success(string stepId, int attempt, string? outputJson, int? httpStatus = null) =>
        new(stepId, attempt, true, outputJson, httpStatus, null, false, null);

    public static StepOutcome Failure(string stepId, int attempt, string error, bool retryable, int? httpStatus = null, TimeSpan? retryAfter = null) =>
        new(stepId, attempt, false, null, httpStatus, error, retryable, retryAfter);
}
