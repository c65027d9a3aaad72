using OrleansFlows.Runtime.Persistence;

namespace OrleansFlows.Runtime.Membership;

/// <summary>
/// The stored names of <see cref="SiloMembershipStatus"/> (a contract: other silos, and older and newer builds, read
/// them) and the forward-only rule for moving between statuses.
/// </summary>
internal static class SiloMembershipStatuses
{
    public const string Joining = "joining";
    public const string Active = "active";
    public const string ShuttingDown = "shutting_down";
    public const string Dead = "dead";

    public static string ToStoredName(SiloMembershipStatus status) => status switch
    {
        SiloMembershipStatus.Joining => Joining,
        SiloMembershipStatus.Active => Active,
        SiloMembershipStatus.ShuttingDown => ShuttingDown,
        SiloMembershipStatus.Dead => Dead,
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, "Not a silo membership status."),
    };

    /// <exception cref="StorageSchemaException">The name is none this build knows (a newer build wrote it).</exception>
    public static SiloMembershipStatus FromStoredName(string name) => name switch
    {
        Joining => SiloMembershipStatus.Joining,
        Active => SiloMembershipStatus.Active,
        ShuttingDown => SiloMembershipStatus.ShuttingDown,
        Dead => SiloMembershipStatus.Dead,
        _ => throw new StorageSchemaException($"Membership status '{name}' in cluster_members is unknown to this build. Run a newer build."),
    };

    /// <summary>
    /// The statuses a silo may move to <paramref name="target"/> from: itself or any earlier one, never from
    /// <see cref="SiloMembershipStatus.Dead"/> (a dead silo stays dead).
    /// </summary>
    public static IReadOnlyList<SiloMembershipStatus> Predecessors(SiloMembershipStatus target) =>
        Enum.GetValues<SiloMembershipStatus>().Where(s => s <= target && s != SiloMembershipStatus.Dead).ToArray();
}
