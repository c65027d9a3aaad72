namespace OrleansFlows.Contracts.Retention;

/// <summary>The states of a retention run.</summary>
public static class RetentionRunStatus
{
    /// <summary>Started and deleting, batch by batch; its counts so far are saved with each batch.</summary>
    public const string Running = "running";

    public const string Completed = "completed";

    /// <summary>Stopped by an error; what it deleted stays deleted.</summary>
    public const string Failed = "failed";
}
