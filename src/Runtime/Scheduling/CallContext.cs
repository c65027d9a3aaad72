namespace OrleansFlows.Runtime.Scheduling;

/// <summary>The call chain of the turn running on the current async flow.</summary>
internal static class CallContext
{
    private static readonly AsyncLocal<CallChain?> CurrentChain = new();

    public static CallChain? Chain
    {
        get => CurrentChain.Value;
        set => CurrentChain.Value = value;
    }
}
