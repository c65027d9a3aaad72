using OrleansFlows.Contracts.Leads;
using OrleansFlows.Contracts.Paging;
using OrleansFlows.Contracts.Tenants;
using OrleansFlows.Grains.Records;
using OrleansFlows.Storage;

namespace OrleansFlows.Grains.Leads;

/// <summary>
/// Reads what leads wrote beside their state: the attempt history (<c>step_attempts</c>), the audit trail
/// (<c>audit_events</c>) and the tenant's daily count (<c>usage_daily</c>); the lead list is read by <c>Queries/LeadList</c>.
/// Every query filters by the tenant and runs in its scope. The rows are written in the same transaction as the lead's
/// state, so they agree with what the grain says.
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
