using OrleansFlows.Runtime.Membership;

namespace OrleansFlows.Runtime.Cluster;

/// <summary>The cluster's membership as a caller sees it: a silo's own membership, or a cluster client's read-only view.</summary>
internal interface IMembershipView
{
    string ClusterId { get; }

    /// <summary>The latest view read.</summary>
    MembershipSnapshot Current { get; }

    /// <summary>Reads the view now (after a call to a silo failed).</summary>
    Task<MembershipSnapshot> RefreshNowAsync(CancellationToken cancellationToken);
}
