namespace OrleansFlows.Runtime.Membership;

/// <summary>
/// A consistent read of one cluster's membership table. <see cref="Version"/> grows with every status change (a
/// join, a status move, a death, a removal), and only then; heartbeats don't change it. Silos holding snapshots of
/// the same version hold the same members in the same statuses.
/// </summary>
internal sealed class MembershipSnapshot
{
    public MembershipSnapshot(string clusterId, long version, DateTimeOffset readAt, IEnumerable<SiloEntry> members)
    {
        ClusterId = clusterId;
        Version = version;
        ReadAt = readAt;
        Members = members.OrderBy(m => m.SiloId, StringComparer.Ordinal).ToArray();
        ActiveMembers = Members.Where(m => m.Status == SiloMembershipStatus.Active).ToArray();
    }

    public string ClusterId { get; }

    /// <summary>The cluster's membership version; 0 before any silo registered.</summary>
    public long Version { get; }

    /// <summary>The database's clock when the snapshot was read, to judge heartbeat ages by.</summary>
    public DateTimeOffset ReadAt { get; }

    /// <summary>Every row of the cluster, dead ones included, ordered by silo id.</summary>
    public IReadOnlyList<SiloEntry> Members { get; }

    /// <summary>The members in <see cref="SiloMembershipStatus.Active"/>, ordered by silo id: the ones grains are placed on.</summary>
    public IReadOnlyList<SiloEntry> ActiveMembers { get; }

    public static MembershipSnapshot Empty(string clusterId) => new(clusterId, 0, DateTimeOffset.MinValue, []);

    public SiloEntry? Find(string siloId) => Members.FirstOrDefault(m => string.Equals(m.SiloId, siloId, StringComparison.Ordinal));

    /// <summary>Whether a live member other than <paramref name="observerSiloId"/> has a heartbeat older than <paramref name="deathTimeout"/> at <see cref="ReadAt"/>.</summary>
    public bool HasStaleMembers(string observerSiloId, TimeSpan deathTimeout) =>
        Members.Any(m => m.Status != SiloMembershipStatus.Dead
            && !string.Equals(m.SiloId, observerSiloId, StringComparison.Ordinal)
            && ReadAt - m.HeartbeatAt > deathTimeout);

    /// <summary>Whether a dead member's last heartbeat is older than <paramref name="retention"/> at <see cref="ReadAt"/>.</summary>
    public bool HasDefunctMembers(TimeSpan retention) =>
        Members.Any(m => m.Status == SiloMembershipStatus.Dead && ReadAt - m.HeartbeatAt > retention);

    /// <inheritdoc />
    public override string ToString() =>
        $"cluster '{ClusterId}' version {Version}: " + (Members.Count == 0
            ? "no members"
            : string.Join(", ", Members.Select(m => $"{m.SiloId}={SiloMembershipStatuses.ToStoredName(m.Status)}")));
}
