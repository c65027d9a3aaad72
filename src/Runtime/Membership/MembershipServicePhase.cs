namespace OrleansFlows.Runtime.Membership;

/// <summary>Where a <see cref="MembershipService"/> is in its own life.</summary>
internal enum MembershipServicePhase
{
    /// <summary>Not started.</summary>
    Created,

    /// <summary>Registered and active; heartbeating and refreshing.</summary>
    Active,

    /// <summary>Marked shutting down; still heartbeating while the silo hands its grains off.</summary>
    ShuttingDown,

    /// <summary>Stopped gracefully (marked dead by itself) or never started.</summary>
    Stopped,

    /// <summary>Found itself declared dead; its loops stopped and it asked the silo to stop serving.</summary>
    DeclaredDead,

    /// <summary>Its loops stopped without writing anything, as if the process had died.</summary>
    Halted,
}
