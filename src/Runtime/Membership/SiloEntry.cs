namespace OrleansFlows.Runtime.Membership;

/// <summary>One silo's row in the membership table. Times are the database's clock.</summary>
/// <param name="SiloId">Unique per process start (<see cref="Hosting.SiloIdentity.Id"/>).</param>
/// <param name="ClusterId">The cluster the silo belongs to.</param>
/// <param name="Address">The <c>host:port</c> other silos call it on.</param>
/// <param name="ApiAddress">Where its co-hosted API listens, if it has one.</param>
/// <param name="Status">Where it is in its life.</param>
/// <param name="StartedAt">When it registered.</param>
/// <param name="HeartbeatAt">Its last heartbeat.</param>
/// <param name="DeclaredDeadBy">The silo that marked it dead (itself, after a graceful stop), if it is dead.</param>
/// <param name="Version">The membership version of its last status change.</param>
internal sealed record SiloEntry(
    string SiloId,
    string ClusterId,
    string Address,
    string? ApiAddress,
    SiloMembershipStatus Status,
    DateTimeOffset StartedAt,
    DateTimeOffset HeartbeatAt,
    string? DeclaredDeadBy,
    long Version);
