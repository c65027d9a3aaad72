using OrleansFlows.Contracts.Leads;
using OrleansFlows.Contracts.Paging;
using OrleansFlows.Contracts.Tenants;
using OrleansFlows.Storage;

namespace OrleansFlows.Grains.Records;

/// <summary>
/// The one data-access class for <c>lead_records</c>. Every statement filters by the tenant, and runs with the tenant
/// as its scope: on PostgreSQL, row-level security then refuses any other tenant's rows even if a filter were missing.
/// </summary>
public sealed class LeadRecords(IProjectionStore store)
{
    /// <summary>Inserts or replaces a lead's record.</summary>
    public Task UpsertAsync(TenantId tenant, string leadId, string workflow, string dataJson, DateTimeOffset storedAt, CancellationToken cancellationToken) =>
        store.ExecuteAsync(
            """
            INSERT INTO lead_records (tenant_id, lead_id, workflow, data, stored_at) VALUES (@tenant, @lead, @workflow, @data, @stored)
            ON CONFLICT (tenant_id, lead_id) DO UPDATE SET workflow = excluded.workflow, data = excluded.data, stored_at = excluded.stored_at
            """,
            new Dictionary<string, object?>
            {
                ["tenant"] = tenant.Value,
                ["lead"] = leadId,
                ["workflow"] = workflow,
                ["data"] = new ProjectionJson(dataJson),
                ["stored"] = storedAt,
            },
            tenant.Value,
            cancellationToken);

    /// <summary>A page of the tenant's records, oldest first, after the cursor.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="limit"/> is not between 1 and <see cref="PageLimit.Max"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="cursor"/> is not a cursor this list issued.</exception>
    public async Task<Page<LeadRecord>> ListAsync(TenantId tenant, int limit, string? cursor, CancellationToken cancellationToken)
    {
        PageLimit.Ensure(limit);
        var after = PageCursor.Decode(cursor);
        var parameters = new Dictionary<string, object?> { ["tenant"] = tenant.Value, ["limit"] = limit + 1 };
        var afterClause = "";
        if (after is { } position)
        {
            parameters["afterAt"] = position.At;
            parameters["afterId"] = position.Id;
            afterClause = "AND (stored_at > @afterAt OR (stored_at = @afterAt AND lead_id > @afterId))";
        }

        var dataColumn = store.Kind == StoreKind.Postgres ? "data::text" : "data";
        var rows = await store.QueryAsync(
            $"""
            SELECT tenant_id, lead_id, workflow, {dataColumn}, stored_at FROM lead_records
            WHERE tenant_id = @tenant {afterClause}
            ORDER BY stored_at, lead_id
            LIMIT @limit
            """,
            parameters,
            row => new LeadRecord(row.GetString(0), row.GetString(1), row.GetString(2), row.GetString(3), row.GetInstant(4)),
            tenant.Value,
            cancellationToken);
        return Page<LeadRecord>.From(rows, limit, r => PageCursor.Encode(r.StoredAt, r.LeadId));
    }
}
