using OrleansFlows.Contracts.Tenants;

namespace OrleansFlows.Contracts.Queues;

/// <summary>The key of a <see cref="IQueueConsumerGrain"/>: <c>{tenant}/{workflow}</c>.</summary>
public static class QueueConsumerKey
{
    /// <summary>The key of the consumer of <paramref name="workflow"/>'s trigger.</summary>
    public static string Format(TenantId tenant, string workflow) => $"{tenant.Value}/{workflow}";

    /// <summary>The tenant and workflow of a key made by <see cref="Format"/>.</summary>
    public static (TenantId Tenant, string Workflow) Parse(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var slash = key.IndexOf('/', StringComparison.Ordinal);
        if (slash <= 0 || !TenantId.TryParse(key[..slash], out var tenant, out _))
        {
            throw new FormatException($"'{key}' is not a queue consumer key ({{tenant}}/{{workflow}}).");
        }

        return (tenant, key[(slash + 1)..]);
    }
}
