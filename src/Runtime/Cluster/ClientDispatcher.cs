using OrleansFlows.Runtime.Activation;
using OrleansFlows.Runtime.Identity;
using OrleansFlows.Runtime.Membership;
using OrleansFlows.Runtime.Messaging;
using OrleansFlows.Runtime.Placement;

namespace OrleansFlows.Runtime.Cluster;

/// <summary>
/// A cluster client's dispatcher: it holds no grains, so every call goes to the silo that owns its grain, chosen the
/// way the silos choose (the same ring over the active and shutting-down silos of the view).
/// </summary>
internal sealed class ClientDispatcher(IMembershipView view, GrainForwarder forwarder) : IGrainCallDispatcher
{
    private volatile ConsistentHashRing? _ring;

    public void Dispatch(GrainId target, WorkItem item)
    {
        SiloEntry owner;
        try
        {
            owner = Ring().OwnerOf(target);
        }
        catch (SiloUnavailableException exception)
        {
            item.Fail(exception);
            return;
        }

        forwarder.Forward(target, item, owner, this);
    }

    private ConsistentHashRing Ring()
    {
        var current = view.Current;
        var ring = _ring;
        if (ring is null || ring.Version != current.Version)
        {
            ring = ConsistentHashRing.ForRouting(current);
            _ring = ring;
        }

        return ring;
    }
}
