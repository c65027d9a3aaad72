namespace OrleansFlows.Contracts.Leads;

/// <summary>A lead as callers see it.</summary>
[GenerateSerializer]
[Alias("OrleansFlows.LeadView")]
public sealed record LeadView(
    string TenantId,
    string LeadId,
    string Workflow,
    int WorkflowVersion,
    LeadStatus Status,
    DateTimeOffset AcceptedAt,
    DateTimeOffset UpdatedAt,
    string? FailureReason,
    string? FailedStepId,
    IReadOnlyList<LeadStepView> Steps,
    string InputJson,
    string LeadJson);

/// <summary>One step of a lead.</summary>
/// <param name="StepId">The step id.</param>
/// <param name="Kind">The step kind (<c>http</c>, <c>wait</c>, …).</param>
/// <param name="Status">Where it stands.</param>
/// <param name="Attempts">How many attempts started.</param>
/// <param name="StartedAt">When the first attempt started.</param>
/// <param name="FinishedAt">When it completed or failed.</param>
/// <param name="DueAt">For a retry or a wait, when it resumes.</param>
/// <param name="LastError">The last attempt's error, if any.</param>
/// <param name="OutputJson">Its output, once completed.</param>
[Immutable]
[GenerateSerializer]
[Alias("OrleansFlows.LeadStepView")]
public sealed record LeadStepView(
    string StepId,
    string Kind,
    StepStatus Status,
    int Attempts,
    DateTimeOffset? StartedAt,
    DateTimeOffset? FinishedAt,
    DateTimeOffset? DueAt,
    string? LastError,
    string? OutputJson);
