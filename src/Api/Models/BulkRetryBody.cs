namespace OrleansFlows.Api.Models;

/// <summary>
/// The body of <c>POST /v1/workflows/{name}/leads/retry</c>, every field optional: which failed leads to retry
/// (<c>failedStep</c>, accepted in [<c>acceptedFrom</c>, <c>acceptedTo</c>)) and the most to retry (<c>max</c>, 1 to 10,000, default 1,000).
/// </summary>
public sealed record BulkRetryBody(string? FailedStep, DateTimeOffset? AcceptedFrom, DateTimeOffset? AcceptedTo, int? Max);
