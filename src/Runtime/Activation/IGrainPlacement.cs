using OrleansFlows.Runtime.Identity;

namespace OrleansFlows.Runtime.Activation;

/// <summary>
/// Decides, before the catalog creates an activation, whether the grain belongs on this silo. One that doesn't is
/// taken by the placement (sent to its owner, or failed) instead of being activated here.
/// </summary>
internal interface IGrainPlacement
{
    /// <summary>
    /// Returns false when <paramref name="target"/> belongs here; otherwise takes <paramref name="item"/> and returns
    /// true. <paramref name="local"/> is where the item goes if a later view places the grain here after all.
    /// </summary>
    bool TryPlaceElsewhere(GrainId target, WorkItem item, Catalog local);
}

/// <summary>A single silo: every grain belongs here.</summary>
internal sealed class LocalPlacement : IGrainPlacement
{
    public bool TryPlaceElsewhere(GrainId target, WorkItem item, Catalog local) => false;
}
