using OrleansFlows.Contracts.Leads;
using OrleansFlows.Contracts.Paging;
using OrleansFlows.Contracts.Tenants;
using OrleansFlows.Grains.Records;
using OrleansFlows.Storage;

namespace OrleansFlows.Grains.Leads;

/// <summary>
/// Reads what leads wrote beside their state: the attempt history (<c>step_attempts</c>), the audit trail
/// (<c>audit_events</c>), the tenant's lead list (<c>leads</c>) and its daily count (<c>usage_daily</c>). Every query filters by the tenant and runs in its
/// scope. The rows are written in the same transaction as the lead's state, so they agree with what the grain says.
/// </summary>
/// <remarks>Reads go to the store directly, not through the lead grains, so listing never activates a lead.</remarks>
public sealed class LeadHistory(IProjectionStore store)
{
    /// <summary>Every attempt of every step of the lead, in the order they started; empty for an unknown lead.</summary>
    public Task<IReadOnlyList<StepAttemptRecord>> GetAttemptsAsync(LeadKey lead, CancellationToken cancellationToken) =>
        store.QueryAsync(
            """
            SELECT step_id, attempt, kind, started_at, finished_at, outcome, http_status, error FROM step_attempts
            WHERE tenant_id = @tenant AND lead_id = @lead
            ORDER BY started_at, step_id, attempt
            """,
            new Dictionary<string, object?> { ["tenant"] = lead.Tenant.Value, ["lead"] = lead.LeadId },
            row => new StepAttemptRecord(
                row.GetString(0),
                row.GetInt32(1),
                row.GetString(2),
                row.GetInstant(3),
                row.GetInstantOrNull(4),
                Enum.Parse<StepAttemptOutcome>(row.GetString(5), ignoreCase: true),
                row.IsNull(6) ? null : row.GetInt32(6),
                row.GetStringOrNull(7)),
            lead.Tenant.Value,
            cancellationToken);

    /// <summary>A page of the lead's audit trail, in the order it was written, after the cursor.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="limit"/> is not between 1 and <see cref="PageLimit.Max"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="cursor"/> is not a cursor of an audit trail.</exception>
    public async Task<Page<AuditEventRecord>> GetAuditAsync(LeadKey lead, int limit, string? cursor, CancellationToken cancellationToken)
    {
        PageLimit.Ensure(limit);
        var parameters = new Dictionary<string, object?> { ["tenant"] = lead.Tenant.Value, ["lead"] = lead.LeadId, ["limit"] = limit + 1 };
        var afterClause = "";
        if (PageCursor.DecodeSequence(cursor) is { } after)
        {
            parameters["after"] = after;
            afterClause = "AND sequence > @after";
        }

        var rows = await store.QueryAsync(
            $"""
            SELECT sequence, at, event, detail FROM audit_events
            WHERE tenant_id = @tenant AND lead_id = @lead {afterClause}
            ORDER BY sequence
            LIMIT @limit
            """,
            parameters,
            row => new AuditEventRecord(row.GetInt64(0), row.GetInstant(1), row.GetString(2), row.GetStringOrNull(3)),
            lead.Tenant.Value,
            cancellationToken);
        return Page<AuditEventRecord>.From(rows, limit, e => PageCursor.Encode(e.Sequence));
    }

    /// <summary>A page of the tenant's leads, newest first, optionally only those in one status, after the cursor.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="limit"/> is not between 1 and <see cref="PageLimit.Max"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="cursor"/> is not a cursor of a lead list.</exception>
    public async Task<Page<LeadSummary>> ListLeadsAsync(TenantId tenant, LeadStatus? status, int limit, string? cursor, CancellationToken cancellationToken)
    {
        PageLimit.Ensure(limit);
        var parameters = new Dictionary<string, object?> { ["tenant"] = tenant.Value, ["limit"] = limit + 1 };

        // Optional clauses are added only when used: PostgreSQL can't infer the type of a parameter that is only ever NULL.
        var statusClause = "";
        if (status is { } wanted)
        {
            parameters["status"] = LeadRows.StatusName(wanted);
            statusClause = "AND status = @status";
        }

        var afterClause = "";
        if (PageCursor.Decode(cursor) is { } after)
        {
            parameters["afterAt"] = after.At;
            parameters["afterId"] = after.Id;
            afterClause = "AND (accepted_at < @afterAt OR (accepted_at = @afterAt AND lead_id < @afterId))";
        }

        var rows = await store.QueryAsync(
            $"""
            SELECT lead_id, workflow, workflow_version, status, accepted_at, updated_at, failure_reason FROM leads
            WHERE tenant_id = @tenant {statusClause} {afterClause}
            ORDER BY accepted_at DESC, lead_id DESC
            LIMIT @limit
            """,
            parameters,
            row => new LeadSummary(
                row.GetString(0),
                row.GetString(1),
                row.GetInt32(2),
                Enum.Parse<LeadStatus>(row.GetString(3), ignoreCase: true),
                row.GetInstant(4),
                row.GetInstant(5),
                row.GetStringOrNull(6)),
            tenant.Value,
            cancellationToken);
        return Page<LeadSummary>.From(rows, limit, l => PageCursor.Encode(l.AcceptedAt, l.LeadId));
    }

    /// <summary>How many of the tenant's leads were accepted on a business date (<c>usage_daily</c>).</summary>
    public async Task<long> GetAcceptedAsync(TenantId tenant, string businessDate, CancellationToken cancellationToken)
    {
        var rows = await store.QueryAsync(
            "SELECT leads_accepted FROM usage_daily WHERE tenant_id = @tenant AND business_date = @date",
            new Dictionary<string, object?> { ["tenant"] = tenant.Value, ["date"] = businessDate },
            row => row.GetInt64(0),
            tenant.Value,
            cancellationToken);
        return rows.Count == 0 ? 0 : rows[0];
    }
}
