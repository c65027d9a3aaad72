namespace OrleansFlows.Runtime.Scheduling;

/// <summary>
/// A call would wait on a grain whose turn is already waiting on this call (a self-call or a cycle), so it could only
/// time out. It fails at once instead. Break the cycle, or move the work out of the turn.
/// </summary>
public sealed class CallCycleException(string message) : Exception(message)
{
}
