namespace OrleansFlows.Grains.Leads;

/// <summary>
/// Tells whether the silo that ran a lead's attempt is gone. A lead records which silo incarnation (address and
/// generation) holds each attempt in flight (<see cref="StepRunState.RunBy"/>); when that incarnation is dead, the
/// attempt will never report, and the lead runs it again at once instead of waiting for its resume deadline.
/// </summary>
internal static class AttemptOwners
{
    /// <summary>
    /// Whether <paramref name="runBy"/> names a silo other than <paramref name="local"/> that is not an active member:
    /// declared dead, replaced by a newer generation on its endpoint (a restart), or unknown to the membership (the
    /// in-memory membership of a standalone host knows only itself). An owner that can't be read is not called gone:
    /// the resume deadline still covers it.
    /// </summary>
    public static bool IsGone(string? runBy, SiloAddress local, ClusterMembershipSnapshot membership)
    {
        if (runBy is null || runBy == local.ToParsableString())
        {
            return false;
        }

        SiloAddress owner;
        try
        {
            owner = SiloAddress.FromParsableString(runBy);
        }
        catch (Exception exception) when (exception is FormatException or ArgumentException or IndexOutOfRangeException or OverflowException)
        {
            return false;
        }

        return owner.Equals(local) is false && membership.GetSiloStatus(owner) is SiloStatus.Dead or SiloStatus.None;
    }
}
