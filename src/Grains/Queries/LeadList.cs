using OrleansFlows.Contracts.Leads;
using OrleansFlows.Contracts.Paging;
using OrleansFlows.Contracts.Tenants;
using OrleansFlows.Grains.Leads;
using OrleansFlows.Grains.Records;
using OrleansFlows.Storage;

namespace OrleansFlows.Grains.Queries;

/// <summary>
/// The tenant's lead list (<c>leads</c>, written with each lead's state), newest first, filtered by status, workflow,
/// lead id or email. Each filter has an index: a search never reads the leads' JSON.
/// </summary>
public sealed class LeadList(IProjectionStore store)
{
    /// <summary>A page of the tenant's leads that match the filter, newest first, after the cursor.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="limit"/> is not between 1 and <see cref="PageLimit.Max"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="cursor"/> is not a cursor of a lead list.</exception>
    public async Task<Page<LeadSummary>> ListAsync(TenantId tenant, LeadFilter filter, int limit, string? cursor, CancellationToken cancellationToken)
    {
        PageLimit.Ensure(limit);
        var parameters = new Dictionary<string, object?> { ["tenant"] = tenant.Value, ["limit"] = limit + 1 };

        // Optional clauses are added only when used: PostgreSQL can't infer the type of a parameter that is only ever NULL.
        var clauses = new List<string>();
        if (filter.Status is { } status)
        {
            parameters["status"] = LeadRows.StatusName(status);
            clauses.Add("AND status = @status");
        }

        if (filter.Workflow is { } workflow)
        {
            parameters["workflow"] = workflow;
            clauses.Add("AND workflow = @workflow");
        }

        if (filter.Query is { } query)
        {
            // An email is compared by the lower-cased copy the lead row keeps (ix_leads_email); a lead id by the key.
            parameters["query"] = filter.QueryIsEmail ? query.ToLowerInvariant() : query;
            clauses.Add(filter.QueryIsEmail ? "AND email_key = @query" : "AND lead_id = @query");
        }

        if (PageCursor.Decode(cursor) is { } after)
        {
            parameters["afterAt"] = after.At;
            parameters["afterId"] = after.Id;
            clauses.Add("AND (accepted_at < @afterAt OR (accepted_at = @afterAt AND lead_id < @afterId))");
        }

        var rows = await store.QueryAsync(
            $"""
            SELECT lead_id, workflow, workflow_version, status, accepted_at, updated_at, failure_reason, email FROM leads
            WHERE tenant_id = @tenant {string.Join(' ', clauses)}
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
                row.GetStringOrNull(6),
                row.GetStringOrNull(7)),
            tenant.Value,
            cancellationToken);
        return Page<LeadSummary>.From(rows, limit, l => PageCursor.Encode(l.AcceptedAt, l.LeadId));
    }
}
