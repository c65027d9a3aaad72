namespace OrleansFlows.Runtime.Scheduling;

/// <summary>
/// A grain call did not answer within its timeout. The call may still complete later: delivery is at most once per
/// attempt, so a caller that retries must make the operation idempotent.
/// </summary>
public sealed class GrainCallTimeoutException(string message) : TimeoutException(message)
{
}
