using OrleansFlows.Runtime.Scheduling;

namespace OrleansFlows.Runtime.Activation;

/// <summary>One turn to run on an activation: a call, a timer tick, a reminder tick, or a lifecycle step.</summary>
internal abstract class WorkItem
{
    /// <summary>Whether the turn may interleave with other read-only turns.</summary>
    public virtual bool IsReadOnly => false;

    /// <summary>Whether the turn counts as activity for idle collection (timer ticks do not).</summary>
    public virtual bool KeepsAlive => true;

    /// <summary>The call chain the turn runs under, or null for turns that no caller waits on.</summary>
    public virtual CallChain? Chain => null;

    /// <summary>What the turn is, as a call chain names a turn that no caller waits on (a timer tick, activation).</summary>
    public virtual string Description => "turn";

    /// <summary>Whether the turn came from another silo (which then routes it again if it doesn't belong here).</summary>
    public virtual bool IsInbound => false;

    /// <summary>When forwarding the turn to another silo gives up (<see cref="Environment.TickCount64"/>); 0 until it is first forwarded.</summary>
    public long ForwardDeadline { get; set; }

    /// <summary>How many times sending the turn to another silo was retried.</summary>
    public int ForwardRetries { get; set; }

    /// <summary>Runs the turn. Never throws: failures go to whoever waits on the item.</summary>
    public abstract Task ExecuteAsync(GrainActivation activation);

    /// <summary>Fails the item without running it (its activation could not activate).</summary>
    public abstract void Fail(Exception exception);
}
