namespace OrleansFlows.Runtime.Membership;

/// <summary>
/// This silo was declared dead in the membership table (another silo found its heartbeat stale, or its row is gone).
/// A runtime failure that is never retried: the silo must stop serving, since its grains are being reactivated on
/// the survivors. A restarted process joins again under a new silo id.
/// </summary>
public sealed class SiloDeclaredDeadException : Exception
{
    internal SiloDeclaredDeadException(string clusterId, string siloId, string? declaredDeadBy)
        : base(declaredDeadBy is null
            ? $"Silo {siloId} has no row in the membership table of cluster '{clusterId}': it was declared dead and removed. A silo declared dead must stop serving; restart the process to join under a new id."
            : $"Silo {siloId} was declared dead in cluster '{clusterId}' by silo {declaredDeadBy}. A silo declared dead must stop serving; restart the process to join under a new id.")
    {
        ClusterId = clusterId;
        SiloId = siloId;
        DeclaredDeadBy = declaredDeadBy;
    }

    /// <summary>The cluster.</summary>
    public string ClusterId { get; }

    /// <summary>The silo that was declared dead (this one).</summary>
    public string SiloId { get; }

    /// <summary>The silo that declared it dead, or <see langword="null"/> if its row was removed.</summary>
    public string? DeclaredDeadBy { get; }
}
