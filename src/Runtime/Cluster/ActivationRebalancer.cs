using Microsoft.Extensions.Logging;
using OrleansFlows.Runtime.Abstractions;
using OrleansFlows.Runtime.Activation;
using OrleansFlows.Runtime.Membership;

namespace OrleansFlows.Runtime.Cluster;

/// <summary>
/// On every new membership view, deactivates (after their current turns) the activations whose grains are now routed
/// to another silo; their next call activates them at the new owner, which reads the state they last wrote.
/// </summary>
internal sealed partial class ActivationRebalancer : IDisposable
{
    private readonly MembershipService _membership;
    private readonly ClusterPlacement _placement;
    private readonly Catalog _catalog;
    private readonly ILogger<ActivationRebalancer> _logger;

    public ActivationRebalancer(MembershipService membership, ClusterPlacement placement, Catalog catalog, ILogger<ActivationRebalancer> logger)
    {
        _membership = membership;
        _placement = placement;
        _catalog = catalog;
        _logger = logger;
        membership.MembershipChanged += OnViewChanged;
    }

    public void Dispose() => _membership.MembershipChanged -= OnViewChanged;

    private void OnViewChanged(MembershipSnapshot view)
    {
        var moved = _catalog.DeactivateWhere(id => !_placement.IsRoutedHere(id), DeactivationReason.Rebalancing);
        if (moved > 0)
        {
            LogRebalanced(_logger, moved, view.Version);
        }
    }

    [LoggerMessage(EventId = 1800, Level = LogLevel.Information, Message = "{Count} activations belong on other silos in membership version {Version}; deactivating them")]
    private static partial void LogRebalanced(ILogger logger, int count, long version);
}
