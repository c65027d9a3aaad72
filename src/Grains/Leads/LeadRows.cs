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
    public static ProjectionWrite Upsert(LeadKey key, LeadState lead, DateTimeOffset? wakeAt) => new(
        """
        INSERT INTO leads (tenant_id, lead_id, workflow, workflow_version, status, accepted_at, updated_at, business_date, failure_reason, failed_step_id, failure_retryable, wake_at, wake_partition)
        VALUES (@tenant, @lead, @workflow, @version, @status, @accepted, @updated, @date, @reason, @failedStep, @retryable, @wakeAt, @partition)
        ON CONFLICT (tenant_id, lead_id) DO UPDATE SET
            status = excluded.status, updated_at = excluded.updated_at, failure_reason = excluded.failure_reason,
            failed_step_id = excluded.failed_step_id, failure_retryable = excluded.failure_retryable, wake_at = excluded.wake_at
        """,
        new Dictionary<string, object?>
        {
            ["tenant"] = key.Tenant.Value,
            ["lead"] = key.LeadId,
            ["workflow"] = lead.Workflow,
            ["version"] = lead.WorkflowVersion,
            ["status"] = StatusName(lead.Status),
            ["accepted"] = lead.AcceptedAt,
            ["updated"] = lead.UpdatedAt,
            ["date"] = lead.BusinessDate,
            ["reason"] = lead.FailureReason,
            ["failedStep"] = lead.FailedStepId,
            ["retryable"] = lead.FailureRetryable,
            ["wakeAt"] = wakeAt,
            ["partition"] = WakePartitions.Of(key),
        });

    public static ProjectionWrite AttemptStarted(LeadKey key, string stepId, StepRunState progress, DateTimeOffset now) => new(
        """
        INSERT INTO step_attempts (tenant_id, lead_id, step_id, attempt, kind, started_at, outcome)
        VALUES (@tenant, @lead, @step, @attempt, @kind, @started, @outcome)
        ON CONFLICT (tenant_id, lead_id, step_id, attempt) DO NOTHING
        """,
        new Dictionary<string, object?>
        {
            ["tenant"] = key.Tenant.Value,
            ["lead"] = key.LeadId,
            ["step"] = stepId,
            ["attempt"] = progress.Attempt,
            ["kind"] = progress.Kind,
            ["started"] = now,
            ["outcome"] = OutcomeName(StepAttemptOutcome.Running),
        });

    public static ProjectionWrite AttemptFinished(LeadKey key, StepOutcome outcome, DateTimeOffset now) => new(
        """
        UPDATE step_attempts SET finished_at = @finished, outcome = @outcome, http_status = @status, error = @error
        WHERE tenant_id = @tenant AND lead_id = @lead AND step_id = @step AND attempt = @attempt
        """,
        new Dictionary<string, object?>
        {
            ["tenant"] = key.Tenant.Value,
            ["lead"] = key.LeadId,
            ["step"] = outcome.StepId,
            ["attempt"] = outcome.Attempt,
            ["finished"] = now,
            ["outcome"] = OutcomeName(outcome.Succeeded ? StepAttemptOutcome.Succeeded : StepAttemptOutcome.Failed),
            ["status"] = outcome.HttpStatus,
            ["error"] = outcome.Error,
        });

    public static ProjectionWrite Audit(LeadKey key, LeadState lead, DateTimeOffset at, string eventName, string? detail) => new(
        "INSERT INTO audit_events (tenant_id, lead_id, sequence, at, event, detail) VALUES (@tenant, @lead, @sequence, @at, @event, @detail)",
        new Dictionary<string, object?>
        {
            ["tenant"] = key.Tenant.Value,
            ["lead"] = key.LeadId,
            ["sequence"] = ++lead.AuditSequence,
            ["at"] = at,
            ["event"] = eventName,
            ["detail"] = detail,
        });

    public static ProjectionWrite CountAccepted(LeadKey key, string businessDate) => new(
        """
        INSERT INTO usage_daily (tenant_id, business_date, leads_accepted) VALUES (@tenant, @date, 1)
        ON CONFLICT (tenant_id, business_date) DO UPDATE SET leads_accepted = usage_daily.leads_accepted + 1
        """,
        new Dictionary<string, object?> { ["tenant"] = key.Tenant.Value, ["date"] = businessDate });

    public static ProjectionWrite BatchRecord(LeadKey key, LeadState lead, JsonObject data, DateTimeOffset now) => new(
        """
        INSERT INTO batch_records (tenant_id, business_date, lead_id, workflow, data, added_at)
        VALUES (@tenant, @date, @lead, @workflow, @data, @added)
        ON CONFLICT (tenant_id, business_date, lead_id) DO UPDATE SET data = excluded.data, added_at = excluded.added_at
        """,
        new Dictionary<string, object?>
        {
            ["tenant"] = key.Tenant.Value,
            ["date"] = lead.BusinessDate,
            ["lead"] = key.LeadId,
            ["workflow"] = lead.Workflow,
            ["data"] = new ProjectionJson(data.ToJsonString()),
            ["added"] = now,
        });

    /// <summary>The stored name of a status (<see cref="LeadHistory"/> parses it back).</summary>
    public static string StatusName(LeadStatus status) => status.ToString().ToLowerInvariant();

    /// <summary>The stored name of an attempt's outcome (<see cref="LeadHistory"/> parses it back).</summary>
    public static string OutcomeName(StepAttemptOutcome outcome) => outcome.ToString().ToLowerInvariant();
}
