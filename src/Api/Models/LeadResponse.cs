using System.Text.Json.Nodes;
using OrleansFlows.Contracts.Leads;

namespace OrleansFlows.Api.Models;

/// <summary>A lead with its steps and audit trail.</summary>
public sealed record LeadResponse(
    string Id,
    string Workflow,
    int WorkflowVersion,
    LeadStatus Status,
    DateTimeOffset AcceptedAt,
    DateTimeOffset UpdatedAt,
    string? FailureReason,
    string? FailedStepId,
    JsonNode? Input,
    JsonNode? Data,
    IReadOnlyList<LeadStepResponse> Steps,
    IReadOnlyList<StepAttemptRecord> Attempts,
    IReadOnlyList<AuditEventRecord> Audit,
    string? AuditNextCursor)
{
    /// <summary>The lead with its attempts and the first page of its audit trail (the rest via <c>GET /v1/leads/{id}/audit</c>).</summary>
    public static LeadResponse From(LeadView lead, IReadOnlyList<StepAttemptRecord> attempts, IReadOnlyList<AuditEventRecord> audit, string? auditNextCursor) => new(
        lead.LeadId,
        lead.Workflow,
        lead.WorkflowVersion,
        lead.Status,
        lead.AcceptedAt,
        lead.UpdatedAt,
        lead.FailureReason,
        lead.FailedStepId,
        JsonNode.Parse(lead.InputJson),
        JsonNode.Parse(lead.LeadJson),
        lead.Steps.Select(s => new LeadStepResponse(s.StepId, s.Kind, s.Status, s.Attempts, s.StartedAt, s.FinishedAt, s.DueAt, s.LastError, s.OutputJson is null ? null : JsonNode.Parse(s.OutputJson))).ToList(),
        attempts,
        audit,
        auditNextCursor);
}

/// <summary>One step of a lead.</summary>
public sealed record LeadStepResponse(string Id, string Kind, StepStatus Status, int Attempts, DateTimeOffset? StartedAt, DateTimeOffset? FinishedAt, DateTimeOffset? DueAt, string? LastError, JsonNode? Output);
