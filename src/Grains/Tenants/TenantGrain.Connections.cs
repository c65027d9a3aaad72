using OrleansFlows.Contracts.Tenants;

namespace OrleansFlows.Grains.Tenants;

public sealed partial class TenantGrain
{
    private IReadOnlyDictionary<string, ConnectionKind> ConnectionKinds() => new Dictionary<string, ConnectionKind>();
}
