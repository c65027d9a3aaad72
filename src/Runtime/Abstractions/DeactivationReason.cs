namespace OrleansFlows.Runtime.Abstractions;

/// <summary>Why an activation is deactivated.</summary>
public enum DeactivationReason
{
    /// <summary>It was idle longer than the collection age.</summary>
    IdleCollection,

    /// <summary>The grain asked with <c>DeactivateOnIdle</c>.</summary>
    Requested,

    /// <summary>The silo is shutting down.</summary>
    ShuttingDown,

    /// <summary>The cluster's membership changed and the grain now belongs on another silo.</summary>
    Rebalancing,
}
