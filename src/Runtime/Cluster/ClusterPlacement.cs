using OrleansFlows.Runtime.Activation;
using OrleansFlows.Runtime.Identity;
using OrleansFlows.Runtime.Membership;
using OrleansFlows.Runtime.Placement;

namespace OrleansFlows.Runtime.Cluster;

/// <summary>
/// Places each grain on one silo of the cluster by consistent hashing over the membership view, and sends every turn
/// for a grain that lives elsewhere to its owner.
/// </summary>
/// <remarks>
/// <para>
/// Two rings come from each view. Calls are <em>routed</em> over the active and shutting-down silos, so that a silo
/// handing its grains off during a graceful stop still receives the calls for grains it holds until they have left;
/// grains are <em>activated</em> only on active silos. A shutting-down silo sends each turn for a grain it no longer
/// holds on to the grain's next owner (the ring over the other active silos). So there is one activation per grain
/// during a graceful handoff; while views disagree (a silo just joined or died), persistent state's ETags keep two
/// activations from overwriting each other.
/// </para>
/// <para>
/// A turn from another silo is run here only if this silo is where its grain activates in this view; otherwise it is
/// answered "not owner" and the sender refreshes its view and tries again.
/// </para>
/// </remarks>
internal sealed class ClusterPlacement(MembershipService membership, GrainForwarder forwarder) : IGrainPlacement
{
    private volatile Rings _rings = Rings.From(MembershipSnapshot.Empty(membership.ClusterId), membership.SiloId);

    public bool TryPlaceElsewhere(GrainId target, WorkItem item, Catalog local)
    {
        var decision = Decide(target, item.IsInbound);
        if (decision.Owner is { } owner)
        {
            forwarder.Forward(target, item, owner, local);
            return true;
        }

        if (decision.Refusal is { } refusal)
        {
            item.Fail(refusal);
            return true;
        }

        return false;
    }

    /// <summary>Whether calls for <paramref name="target"/> are routed to this silo in the current view.</summary>
    public bool IsRoutedHere(GrainId target) =>
        CurrentRings().Routing is { Silos.Count: > 0 } routing && IsSelf(routing.OwnerOf(target));

    private (SiloEntry? Owner, Exception? Refusal) Decide(GrainId target, bool inbound)
    {
        var phase = membership.Phase;
        if (phase is not (MembershipServicePhase.Active or MembershipServicePhase.ShuttingDown))
        {
            return (null, inbound
                ? new NotOwnerException($"Silo {membership.SiloId} is not serving ({phase}).")
                : new SiloUnavailableException($"Silo {membership.SiloId} is not an active member of cluster '{membership.ClusterId}' ({phase}); the call to {target} was not run. Retry it."));
        }

        var rings = CurrentRings();
        try
        {
            var route = rings.Routing.OwnerOf(target);
            if (!IsSelf(route))
            {
                if (!inbound)
                {
                    return (route, null);
                }

                // Sent here by a silo whose view differs, or handed off by a shutting-down owner.
                return phase == MembershipServicePhase.Active && IsSelf(rings.Serving.OwnerOf(target))
                    ? (null, null)
                    : (null, new NotOwnerException($"Silo {membership.SiloId} does not own {target} in view {rings.Version}."));
            }

            if (phase == MembershipServicePhase.Active)
            {
                return (null, null);
            }

            return (rings.Handoff.OwnerOf(target), null);
        }
        catch (SiloUnavailableException exception)
        {
            return (null, inbound ? new NotOwnerException(exception.Message) : exception);
        }
    }

    private Rings CurrentRings()
    {
        var view = membership.Current;
        var rings = _rings;
        if (rings.Version != view.Version)
        {
            rings = Rings.From(view, membership.SiloId);
            _rings = rings;
        }

        return rings;
    }

    private bool IsSelf(SiloEntry silo) => string.Equals(silo.SiloId, membership.SiloId, StringComparison.Ordinal);

    /// <summary>The rings of one view: where calls go, where grains activate, and where this silo's grains go when it stops.</summary>
    private sealed record Rings(long Version, ConsistentHashRing Routing, ConsistentHashRing Serving, ConsistentHashRing Handoff)
    {
        public static Rings From(MembershipSnapshot view, string selfId)
        {
            var others = view.ActiveMembers.Where(m => !string.Equals(m.SiloId, selfId, StringComparison.Ordinal)).ToArray();
            return new Rings(
                view.Version,
                ConsistentHashRing.ForRouting(view),
                ConsistentHashRing.FromSnapshot(view),
                new ConsistentHashRing(others, view.ClusterId, view.Version));
        }
    }
}
