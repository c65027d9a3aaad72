namespace OrleansFlows.Contracts.Leads;

/// <summary>Which leads a list shows; each part left null matches every lead.</summary>
/// <param name="Status">Only leads in this status.</param>
/// <param name="Workflow">Only leads of this workflow.</param>
/// <param name="Query">
/// A lead id (exact), or, when it contains '@', an email address matched case-insensitively and exactly against the
/// input's top-level <c>email</c>.
/// </param>
[Immutable]
[GenerateSerializer]
[Alias("OrleansFlows.LeadFilter")]
public sealed record LeadFilter(LeadStatus? Status = null, string? Workflow = null, string? Query = null)
{
    /// <summary>Whether <see cref="Query"/> is an email address rather than a lead id.</summary>
    public bool QueryIsEmail => Query is not null && Query.Contains('@', StringComparison.Ordinal);
}
