using System.Reflection;
using OrleansFlows.Runtime.Abstractions;
using OrleansFlows.Runtime.Membership;
using OrleansFlows.Runtime.Transport;

namespace OrleansFlows.Runtime.Cluster;

/// <summary>Settings of a cluster client (<see cref="ClusterClientServiceCollectionExtensions.AddOrleansFlowsClusterClient(Microsoft.Extensions.DependencyInjection.IServiceCollection, Action{ClusterClientOptions})"/>).</summary>
public sealed class ClusterClientOptions
{
    private readonly List<Type> _grainInterfaces = [];

    /// <summary>The cluster's PostgreSQL database, where the membership table is read. Required.</summary>
    public string PostgresConnectionString { get; set; } = "";

    /// <summary>The cluster to call. Default <c>default</c>.</summary>
    public string ClusterId { get; set; } = MembershipDefaults.ClusterId;

    /// <summary>How often the client reads the membership view. Default 1 s.</summary>
    public TimeSpan RefreshPeriod { get; set; } = MembershipDefaults.RefreshPeriod;

    /// <summary>The cluster's death timeout; a call to an unreachable silo is routed again for this long (plus two refreshes). Default 10 s.</summary>
    public TimeSpan DeathTimeout { get; set; } = MembershipDefaults.DeathTimeout;

    /// <summary>The cluster secret and TLS settings; the same as the silos'.</summary>
    public TransportOptions Transport { get; } = new();

    /// <summary>The grain interfaces the client calls.</summary>
    public IReadOnlyList<Type> GrainInterfaces => _grainInterfaces;

    /// <summary>Adds every grain interface (an interface naming a grain type) defined in <paramref name="assembly"/>.</summary>
    public ClusterClientOptions AddGrainInterfaces(Assembly assembly)
    {
        ArgumentNullException.ThrowIfNull(assembly);
        _grainInterfaces.AddRange(assembly.GetTypes().Where(t =>
            t.IsInterface && typeof(IGrain).IsAssignableFrom(t) && t.IsDefined(typeof(GrainTypeAttribute), inherit: false)));
        return this;
    }
}
