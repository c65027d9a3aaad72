namespace OrleansFlows.Runtime.Membership;

/// <summary>
/// Where a silo is in its life in the cluster. A silo only moves forward through these, and never comes back from
/// <see cref="Dead"/>: a restarted process joins under a new silo id.
/// </summary>
internal enum SiloMembershipStatus
{
    /// <summary>Registered, not yet serving.</summary>
    Joining,

    /// <summary>Serving; grains may be placed on it.</summary>
    Active,

    /// <summary>Stopping gracefully: it still heartbeats while it hands its grains off, but takes no new ones.</summary>
    ShuttingDown,

    /// <summary>Stopped, or declared dead by another silo for a stale heartbeat. Final.</summary>
    Dead,
}
