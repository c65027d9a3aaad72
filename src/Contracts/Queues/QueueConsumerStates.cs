namespace OrleansFlows.Contracts.Queues;

/// <summary>The values of <see cref="QueueTriggerStatus.State"/>.</summary>
public static class QueueConsumerStates
{
    /// <summary>Opening the connection and the consumer.</summary>
    public const string Connecting = "connecting";
    /// <summary>Consuming.</summary>
    public const string Connected = "connected";
    /// <summary>The connection failed or closed; waiting to connect again.</summary>
    public const string BackingOff = "backing-off";
    /// <summary>The workflow has no trigger (or no longer exists).</summary>
    public const string Stopped = "stopped";
}
