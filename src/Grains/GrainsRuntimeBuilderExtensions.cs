using OrleansFlows.Contracts.Tenants;
using OrleansFlows.Grains.Tenants;
using OrleansFlows.Runtime.Hosting;

namespace OrleansFlows.Grains;

/// <summary>Registers the domain grains and their tables in a silo.</summary>
public static class GrainsRuntimeBuilderExtensions
{
    public static RuntimeBuilder AddOrleansFlowsGrains(this RuntimeBuilder builder) => builder
        .AddSchema(new GrainsSchema())
        .AddGrain<ITenantGrain, TenantGrain>();
}
