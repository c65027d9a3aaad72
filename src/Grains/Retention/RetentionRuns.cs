using System.Globalization;
using OrleansFlows.Contracts.Paging;
using OrleansFlows.Contracts.Retention;
using OrleansFlows.Contracts.Tenants;
using OrleansFlows.Grains.Records;
using OrleansFlows.Storage;

namespace OrleansFlows.Grains.Retention;

/// <summary>
/// The retention job's SQL: which leads and records are due, and the <c>retention_runs</c> rows. Every query filters
/// by the tenant and runs in its scope, so one tenant's job never reads or deletes another's rows.
/// </summary>
public sealed class RetentionRuns(IProjectionStore store)
{
    private const string Columns = "run_id, trigger, status, started_at, finished_at, completed_leads, failed_leads, records, batches, more_due, error, requested_by";

    // The columns a run's later writes change; its id, trigger, start and requester are fixed when it starts.
    private static readonly string[] Progress = ["status", "finished_at", "completed_leads", "failed_leads", "records", "batches", "more_due", "error"];

    /// <summary>
    /// Up to <paramref name="limit"/> leads of <paramref name="status"/> last changed before <paramref name="before"/>,
    /// oldest first, after the (updated_at, lead_id) position <paramref name="after"/>.
    /// </summary>
    public Task<IReadOnlyList<(string LeadId, DateTimeOffset UpdatedAt)>> DueLeadsAsync(
        TenantId tenant, string status, DateTimeOffset before, (DateTimeOffset At, string LeadId)? after, int limit, CancellationToken cancellationToken)
    {
        var parameters = new Dictionary<string, object?> { ["tenant"] = tenant.Value, ["status"] = status, ["before"] = before, ["limit"] = limit };
        var afterClause = "";
        if (after is { } position)
        {
            parameters["afterAt"] = position.At;
            parameters["afterId"] = position.LeadId;
            afterClause = "AND (updated_at > @afterAt OR (updated_at = @afterAt AND lead_id > @afterId))";
        }

        return store.QueryAsync(
            $"""
            SELECT lead_id, updated_at FROM leads
            WHERE tenant_id = @tenant AND status = @status AND updated_at < @before {afterClause}
            ORDER BY updated_at, lead_id
            LIMIT @limit
            """,
            parameters,
            row => (row.GetString(0), row.GetInstant(1)),
            tenant.Value,
            cancellationToken);
    }

    /// <summary>Deletes up to <paramref name="limit"/> of the tenant's stored records stored before <paramref name="before"/>, oldest first.</summary>
    public Task<int> DeleteRecordsAsync(TenantId tenant, DateTimeOffset before, int limit, CancellationToken cancellationToken) =>
        store.ExecuteAsync(
            """
            DELETE FROM lead_records
            WHERE tenant_id = @tenant AND lead_id IN (
                SELECT lead_id FROM lead_records WHERE tenant_id = @tenant AND stored_at < @before ORDER BY stored_at, lead_id LIMIT @limit)
            """,
            new Dictionary<string, object?> { ["tenant"] = tenant.Value, ["before"] = before, ["limit"] = limit },
            tenant.Value,
            cancellationToken);

    /// <summary>A page of the tenant's runs, newest first.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="limit"/> is not between 1 and <see cref="PageLimit.Max"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="cursor"/> is not a cursor of a run list.</exception>
    public async Task<Page<RetentionRunView>> ListAsync(TenantId tenant, int limit, string? cursor, CancellationToken cancellationToken)
    {
        PageLimit.Ensure(limit);
        var parameters = new Dictionary<string, object?> { ["tenant"] = tenant.Value, ["limit"] = limit + 1 };
        var afterClause = "";
        if (PageCursor.Decode(cursor) is { } after)
        {
            parameters["afterAt"] = after.At;
            parameters["afterId"] = after.Id;
            afterClause = "AND (started_at < @afterAt OR (started_at = @afterAt AND run_id < @afterId))";
        }

        var rows = await store.QueryAsync(
            $"""
            SELECT {Columns} FROM retention_runs
            WHERE tenant_id = @tenant {afterClause}
            ORDER BY started_at DESC, run_id DESC
            LIMIT @limit
            """,
            parameters,
            Read,
            tenant.Value,
            cancellationToken);
        return Page<RetentionRunView>.From(rows, limit, r => PageCursor.Encode(r.StartedAt, r.RunId));
    }

    /// <summary>The tenant's run, or null.</summary>
    public async Task<RetentionRunView?> GetAsync(TenantId tenant, string runId, CancellationToken cancellationToken)
    {
        var rows = await store.QueryAsync(
            $"SELECT {Columns} FROM retention_runs WHERE tenant_id = @tenant AND run_id = @run",
            new Dictionary<string, object?> { ["tenant"] = tenant.Value, ["run"] = runId },
            Read,
            tenant.Value,
            cancellationToken);
        return rows.Count == 0 ? null : rows[0];
    }

    /// <summary>
    /// The row of a run, written with the grain's state when it starts, with each batch, and when it ends. While it runs,
    /// <c>finished_at</c> holds the time of its last batch and reads back as null.
    /// </summary>
    public static ProjectionWrite Row(TenantId tenant, RetentionRunView run, DateTimeOffset now) => ProjectionWrite.InsertRow(
        "retention_runs",
        new Dictionary<string, object?>
        {
            ["tenant_id"] = tenant.Value,
            ["run_id"] = run.RunId,
            ["trigger"] = run.Trigger,
            ["status"] = run.Status,
            ["started_at"] = run.StartedAt,
            ["finished_at"] = run.FinishedAt ?? now,
            ["completed_leads"] = run.CompletedLeads,
            ["failed_leads"] = run.FailedLeads,
            ["records"] = run.Records,
            ["batches"] = run.Batches,
            ["more_due"] = run.MoreDue,
            ["error"] = run.Error,
            ["requested_by"] = run.RequestedBy,
        },
        RowConflict.Replace,
        ["tenant_id", "run_id"],
        Progress);

    /// <summary>The id of a tenant's <paramref name="sequence"/>th run: zero-padded, so ids sort as runs do.</summary>
    public static string RunId(int sequence) => sequence.ToString("D6", CultureInfo.InvariantCulture);

    private static RetentionRunView Read(ProjectionRow row) => new(
        row.GetString(0),
        row.GetString(1),
        row.GetString(2),
        row.GetInstant(3),
        row.GetString(2) == RetentionRunStatus.Running ? null : row.GetInstant(4),
        row.GetInt32(5),
        row.GetInt32(6),
        row.GetInt32(7),
        row.GetInt32(8),
        row.GetInt32(9) != 0,
        row.GetStringOrNull(10),
        row.GetStringOrNull(11));
}
