using System.Text.Json.Serialization;

namespace OrleansFlows.Contracts.Tenants;

/// <summary>A tenant's plan limits.</summary>
/// <param name="LeadsPerDay">Leads accepted per business day (in the tenant's time zone), counted cluster-wide.</param>
/// <param name="ConcurrentOutboundCalls">Step attempts of the tenant running at once, per silo.</param>
/// <param name="IngestPerMinute">Submissions admitted per minute, counted by the tenant grain across every API process.</param>
[Immutable]
[GenerateSerializer]
[Alias("OrleansFlows.PlanLimits")]
public sealed record PlanLimits(
    [property: JsonPropertyName("leadsPerDay")] int LeadsPerDay,
    [property: JsonPropertyName("concurrentOutboundCalls")] int ConcurrentOutboundCalls,
    [property: JsonPropertyName("ingestPerMinute")] int IngestPerMinute)
{
    /// <summary>The limits of a new tenant: 10,000 leads a day, 16 concurrent calls, 600 submissions a minute.</summary>
    public static PlanLimits Default { get; } = new(10_000, 16, 600);
}
