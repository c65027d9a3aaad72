using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace OrleansFlows.Cluster.Tests.Hosting;

/// <summary>One product silo of a <see cref="ProductCluster"/>: its host and its address in the cluster.</summary>
public sealed class ClusterSilo(string name, IHost host)
{
    public string Name { get; } = name;

    public IHost Host { get; } = host;

    public SiloAddress Address { get; } = host.Services.GetRequiredService<ILocalSiloDetails>().SiloAddress;

    public override string ToString() => $"{Name} ({Address})";
}
