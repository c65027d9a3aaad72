using System.Text.Json.Nodes;
using OrleansFlows.Contracts.Leads;
using OrleansFlows.Storage;

namespace OrleansFlows.Grains.Leads;

/// <summary>
/// The rows a lead writes with its state, in the same transaction: its list row, step attempts, audit events, daily
/// usage and nightly batch records. The SQL runs on SQLite and PostgreSQL alike.
/// </summary>
internal static class LeadRows
{
    /// <summary>The lead's list row, with the time it must next wake (null when nothing is due) for the sweepers.</summary>
    public static ProjectionWrite Upsert(LeadKey key, LeadState lead, DateTimeOffset? wakeAt) => ProjectionWrite.InsertRow(
        "leads",
        new Dictionary<string, object?>
        {
            ["tenant_id"] = key.Tenant.Value,
            ["lead_id"] = key.LeadId,
            ["workflow"] = lead.Workflow,
            ["workflow_version"] = lead.WorkflowVersion,
            ["status"] = StatusName(lead.Status),
            ["accepted_at"] = lead.AcceptedAt,
            ["updated_at"] = lead.UpdatedAt,
            ["business_date"] = lead.BusinessDate,
            ["failure_reason"] = lead.FailureReason,
            ["failed_step_id"] = lead.FailedStepId,
            ["failure_retryable"] = lead.FailureRetryable,
            ["wake_at"] = wakeAt,
            ["wake_partition"] = WakePartitions.Of(key),
            ["email"] = EmailOf(lead),
            ["email_key"] = EmailOf(lead)?.ToLowerInvariant(),
        },
        RowConflict.Replace,
        key: ["tenant_id", "lead_id"],
        updated: ["status", "updated_at", "failure_reason", "failed_step_id", "failure_retryable", "wake_at", "email", "email_key"]);

    /// <summary>The longest email the lead list keeps (an address has at most 320 characters); it bounds the index entry.</summary>
    public const int MaxListedEmailLength = 320;

    /// <summary>
    /// The input's top-level <c>email</c> when it is a string of at most <see cref="MaxListedEmailLength"/> characters,
    /// for the lead list and its search.
    /// </summary>
    public static string? EmailOf(LeadState lead) =>
        lead.Input.TryGetPropertyValue("email", out var email) && email is JsonValue value && value.TryGetValue<string>(out var text)
            && text.Length <= MaxListedEmailLength ? text : null;

    public static ProjectionWrite AttemptStarted(LeadKey key, string stepId, StepRunState progress, DateTimeOffset now) => ProjectionWrite.InsertRow(
        "step_attempts",
        new Dictionary<string, object?>
        {
            ["tenant_id"] = key.Tenant.Value,
            ["lead_id"] = key.LeadId,
            ["step_id"] = stepId,
            ["attempt"] = progress.Attempt,
            ["kind"] = progress.Kind,
            ["started_at"] = now,
            ["outcome"] = OutcomeName(StepAttemptOutcome.Running),
        },
        RowConflict.Ignore,
        key: AttemptKey);

    /// <summary>
    /// The attempt's outcome. Written as the whole row (its start from <paramref name="progress"/>), so that it needs no
    /// row to exist first and merges with other leads' outcomes into one statement.
    /// </summary>
    public static ProjectionWrite AttemptFinished(LeadKey key, StepOutcome outcome, StepRunState progress, DateTimeOffset now) => ProjectionWrite.InsertRow(
        "step_attempts",
        new Dictionary<string, object?>
        {
            ["tenant_id"] = key.Tenant.Value,
            ["lead_id"] = key.LeadId,
            ["step_id"] = outcome.StepId,
            ["attempt"] = outcome.Attempt,
            ["kind"] = progress.Kind,
            ["started_at"] = progress.StartedAt ?? now,
            ["finished_at"] = now,
            ["outcome"] = OutcomeName(outcome.Succeeded ? StepAttemptOutcome.Succeeded : StepAttemptOutcome.Failed),
            ["http_status"] = outcome.HttpStatus,
            ["error"] = outcome.Error,
        },
        RowConflict.Replace,
        key: AttemptKey,
        updated: ["finished_at", "outcome", "http_status", "error"]);

    public static ProjectionWrite Audit(LeadKey key, LeadState lead, DateTimeOffset at, string eventName, string? detail) => ProjectionWrite.InsertRow(
        "audit_events",
        new Dictionary<string, object?>
        {
            ["tenant_id"] = key.Tenant.Value,
            ["lead_id"] = key.LeadId,
            ["sequence"] = ++lead.AuditSequence,
            ["at"] = at,
            ["event"] = eventName,
            ["detail"] = detail,
        });

    public static ProjectionWrite CountAccepted(LeadKey key, string businessDate) => ProjectionWrite.InsertRow(
        "usage_daily",
        new Dictionary<string, object?> { ["tenant_id"] = key.Tenant.Value, ["business_date"] = businessDate, ["leads_accepted"] = 1L },
        RowConflict.Add,
        key: ["tenant_id", "business_date"],
        updated: ["leads_accepted"]);

    public static ProjectionWrite BatchRecord(LeadKey key, LeadState lead, JsonObject data, DateTimeOffset now) => ProjectionWrite.InsertRow(
        "batch_records",
        new Dictionary<string, object?>
        {
            ["tenant_id"] = key.Tenant.Value,
            ["business_date"] = lead.BusinessDate,
            ["lead_id"] = key.LeadId,
            ["workflow"] = lead.Workflow,
            ["data"] = new ProjectionJson(data.ToJsonString()),
            ["added_at"] = now,
        },
        RowConflict.Replace,
        key: ["tenant_id", "business_date", "lead_id"],
        updated: ["data", "added_at"]);

    private static readonly string[] AttemptKey = ["tenant_id", "lead_id", "step_id", "attempt"];

    /// <summary>The stored name of a status (<see cref="LeadHistory"/> parses it back).</summary>
    public static string StatusName(LeadStatus status) => status.ToString().ToLowerInvariant();

    /// <summary>The stored name of an attempt's outcome (<see cref="LeadHistory"/> parses it back).</summary>
    public static string OutcomeName(StepAttemptOutcome outcome) => outcome.ToString().ToLowerInvariant();
}
