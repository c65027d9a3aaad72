using OrleansFlows.Contracts.Tenants;
using OrleansFlows.Runtime.Abstractions;
using OrleansFlows.Runtime.Transport;

namespace OrleansFlows.Grains.Tests.Contracts;

/// <summary>Every product grain interface must be callable across silos: its types pass the transport's wire rules.</summary>
public sealed class ContractWireTypesTests
{
    [Fact]
    public void GrainCallCodec_OverEveryContractGrainInterface_AcceptsTheirTypes()
    {
        var interfaces = typeof(ITenantGrain).Assembly.GetTypes()
            .Where(t => t.IsInterface && typeof(IGrain).IsAssignableFrom(t))
            .ToArray();

        Assert.NotEmpty(interfaces);
        _ = new GrainCallCodec(interfaces);
    }
}
