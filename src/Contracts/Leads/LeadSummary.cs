namespace OrleansFlows.Contracts.Leads;

/// <summary>A lead as a list shows it, read from the leads projection (written with the lead's state).</summary>
/// <param name="LeadId">The lead id.</param>
/// <param name="Workflow">The workflow it runs.</param>
/// <param name="WorkflowVersion">The workflow version it runs.</param>
/// <param name="Status">Where its run stands.</param>
/// <param name="AcceptedAt">When it was accepted.</param>
/// <param name="UpdatedAt">When its status last changed.</param>
/// <param name="FailureReason">Why it failed, for a failed lead.</param>
/// <param name="Email">
/// The input's top-level <c>email</c> when it is a string (of at most 320 characters); null otherwise, and for leads
/// listed before the list kept emails until their next change.
/// </param>
[Immutable]
[GenerateSerializer]
[Alias("OrleansFlows.LeadSummary")]
public sealed record LeadSummary(
    string LeadId,
    string Workflow,
    int WorkflowVersion,
    LeadStatus Status,
    DateTimeOffset AcceptedAt,
    DateTimeOffset UpdatedAt,
    string? FailureReason,
    string? Email = null);
