using System.Text.Json.Serialization;

namespace OrleansFlows.Contracts.Offboarding;

/// <summary>A tenant being offboarded: suspended now, deleted with all its data at <paramref name="ScheduledFor"/>.</summary>
/// <param name="RequestedAt">When the operator asked for it.</param>
/// <param name="ScheduledFor">When the deletion starts: the request plus the grace period.</param>
/// <param name="SuspendedBefore">Whether the tenant was suspended before; cancelling the offboarding restores this.</param>
[Immutable]
[GenerateSerializer]
[Alias("OrleansFlows.TenantOffboarding")]
public sealed record TenantOffboarding(
    [property: JsonPropertyName("requestedAt")] DateTimeOffset RequestedAt,
    [property: JsonPropertyName("scheduledFor")] DateTimeOffset ScheduledFor,
    [property: JsonPropertyName("suspendedBefore")] bool SuspendedBefore);
