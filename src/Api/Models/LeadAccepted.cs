using OrleansFlows.Contracts.Leads;

namespace OrleansFlows.Api.Models;

/// <summary>The answer to a submission: <c>202</c> for a new lead, <c>200</c> with <c>replayed</c> true for a repeated key and body.</summary>
public sealed record LeadAccepted(string LeadId, string Workflow, int WorkflowVersion, LeadStatus Status, DateTimeOffset AcceptedAt, bool Replayed)
{
    public static LeadAccepted From(LeadView lead, bool replayed) =>
        new(lead.LeadId, lead.Workflow, lead.WorkflowVersion, lead.Status, lead.AcceptedAt, replayed);
}
