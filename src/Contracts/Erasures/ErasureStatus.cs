namespace OrleansFlows.Contracts.Erasures;

/// <summary>The states of an erasure.</summary>
public static class ErasureStatus
{
    public const string Running = "running";

    public const string Completed = "completed";

    public const string Failed = "failed";
}
