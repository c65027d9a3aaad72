namespace OrleansFlows.Runtime.Membership;

/// <summary>
/// Options for cluster membership (<see cref="MembershipRuntimeBuilderExtensions.UseClusterMembership"/>). Every silo
/// of a cluster should use the same periods; <see cref="MembershipOptionsValidator"/> checks them at start-up.
/// </summary>
public sealed class MembershipOptions
{
    /// <summary>The cluster this silo joins; silos sharing a database but not a cluster id don't see each other. Default <c>default</c>.</summary>
    public string ClusterId { get; set; } = MembershipDefaults.ClusterId;

    /// <summary>The <c>host:port</c> other silos reach this silo on (not the public API port). Required.</summary>
    public string SiloAddress { get; set; } = "";

    /// <summary>Where this silo's co-hosted API listens, if it has one; recorded for operators and clients. Optional.</summary>
    public string? ApiAddress { get; set; }

    /// <summary>How often this silo writes its heartbeat. Default 2 s.</summary>
    public TimeSpan HeartbeatPeriod { get; set; } = MembershipDefaults.HeartbeatPeriod;

    /// <summary>
    /// A silo whose last heartbeat is older than this, by the database's clock, is declared dead by any live silo.
    /// Must be more than twice <see cref="HeartbeatPeriod"/>. Default 10 s.
    /// </summary>
    public TimeSpan DeathTimeout { get; set; } = MembershipDefaults.DeathTimeout;

    /// <summary>How often this silo reads the membership view (and looks for stale silos). Default 1 s.</summary>
    public TimeSpan RefreshPeriod { get; set; } = MembershipDefaults.RefreshPeriod;

    /// <summary>
    /// How long the row of a dead silo is kept (after its last heartbeat) before it is removed. Must be at least
    /// <see cref="DeathTimeout"/>. Default 1 hour.
    /// </summary>
    public TimeSpan DefunctSiloRetention { get; set; } = MembershipDefaults.DefunctSiloRetention;
}
