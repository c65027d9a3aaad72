using System.Globalization;
using System.Text.Json;
using OrleansFlows.Contracts.Reconciliation;
using OrleansFlows.Contracts.Tenants;
using OrleansFlows.Storage;

namespace OrleansFlows.Grains.Reconciliation;

/// <summary>
/// The <c>reconciliation_runs</c> rows a reconciliation grain writes with its state, in the same transaction. The SQL
/// runs on SQLite and PostgreSQL alike.
/// </summary>
internal static class ReconciliationRows
{
    /// <summary>
    /// Records a run as started. The partial unique index on running rows makes the whole write fail if another run of
    /// the date is still in progress, so even a second activation during a membership change can't overlap it.
    /// </summary>
    public static ProjectionWrite Started(TenantId tenant, ActiveRun run) => new(
        """
        INSERT INTO reconciliation_runs (tenant_id, business_date, attempt, trigger, status, started_at)
        VALUES (@tenant, @date, @attempt, @trigger, @status, @started)
        """,
        new Dictionary<string, object?>
        {
            ["tenant"] = tenant.Value,
            ["date"] = DateText(run.BusinessDate),
            ["attempt"] = run.Attempt,
            ["trigger"] = TriggerName(run.Trigger),
            ["status"] = StatusName(ReconciliationRunStatus.Running),
            ["started"] = run.StartedAt,
        });

    public static ProjectionWrite Finished(TenantId tenant, ReconciliationRunOutcome outcome, DateTimeOffset finishedAt)
    {
        var counts = outcome.Counts;
        return new ProjectionWrite(
            """
            UPDATE reconciliation_runs SET status = @status, finished_at = @finished, leads = @leads, records = @records, sent = @sent,
                acknowledged = @acknowledged, chunks = @chunks, failed_chunks = @failedChunks, mismatches = @mismatches, repaired = @repaired,
                errors = @errors, report = @report
            WHERE tenant_id = @tenant AND business_date = @date AND attempt = @attempt AND status = 'running'
            """,
            new Dictionary<string, object?>
            {
                ["tenant"] = tenant.Value,
                ["date"] = DateText(outcome.BusinessDate),
                ["attempt"] = outcome.Attempt,
                ["status"] = StatusName(outcome.Succeeded ? ReconciliationRunStatus.Completed : ReconciliationRunStatus.Failed),
                ["finished"] = finishedAt,
                ["leads"] = counts.Leads,
                ["records"] = counts.Records,
                ["sent"] = counts.Sent,
                ["acknowledged"] = counts.Acknowledged,
                ["chunks"] = counts.Chunks,
                ["failedChunks"] = counts.FailedChunks,
                ["mismatches"] = counts.Mismatches,
                ["repaired"] = counts.Repaired,
                ["errors"] = new ProjectionJson(JsonSerializer.Serialize(outcome.Errors)),
                ["report"] = new ProjectionJson(outcome.ReportJson),
            });
    }

    public static string DateText(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static string TriggerName(ReconciliationTrigger trigger) => trigger switch
    {
        ReconciliationTrigger.CatchUp => "catch-up",
        _ => trigger.ToString().ToLowerInvariant(),
    };

    public static ReconciliationTrigger ParseTrigger(string name) =>
        name == "catch-up" ? ReconciliationTrigger.CatchUp : Enum.Parse<ReconciliationTrigger>(name, ignoreCase: true);

    public static string StatusName(ReconciliationRunStatus status) => status.ToString().ToLowerInvariant();

    /// <summary>A run's id within its tenant: <c>{businessDate}.{attempt}</c>.</summary>
    public static string RunId(DateOnly date, int attempt) => ReconciliationRunIds.Format(date, attempt);

    /// <summary>Reads a run id back; null if it is not one.</summary>
    public static (DateOnly Date, int Attempt)? ParseRunId(string? id) => ReconciliationRunIds.Parse(id);
}
