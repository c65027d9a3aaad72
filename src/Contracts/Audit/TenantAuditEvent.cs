namespace OrleansFlows.Contracts.Audit;

/// <summary>
/// An entry of a tenant's own audit trail: something that happened to the tenant rather than to one lead (a lead's
/// entries are in its own trail).
/// </summary>
/// <param name="EventId">Its id, <c>tae_</c> and 32 hex digits.</param>
/// <param name="At">When it happened.</param>
/// <param name="Event">What happened (see <see cref="TenantAuditEvents"/>).</param>
/// <param name="Workflow">The workflow it concerns, if any.</param>
/// <param name="Detail">The event's fields, by name.</param>
[Immutable]
[GenerateSerializer]
[Alias("OrleansFlows.TenantAuditEvent")]
public sealed record TenantAuditEvent(string EventId, DateTimeOffset At, string Event, string? Workflow, IReadOnlyDictionary<string, string?> Detail);
