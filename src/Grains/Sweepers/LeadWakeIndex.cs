using OrleansFlows.Contracts.Leads;
using OrleansFlows.Contracts.Tenants;
using OrleansFlows.Storage;

namespace OrleansFlows.Grains.Sweepers;

/// <summary>Finds leads whose wake time has come, through the <c>ix_leads_wake</c> index of the lead rows.</summary>
public sealed class LeadWakeIndex(IProjectionStore store)
{
    /// <summary>Up to <paramref name="limit"/> leads of <paramref name="partition"/> due at <paramref name="now"/>, earliest first, with their wake times.</summary>
    public Task<IReadOnlyList<DueLead>> FindDueAsync(int partition, DateTimeOffset now, int limit, CancellationToken cancellationToken) =>
        store.QueryAsync(
            """
            SELECT tenant_id, lead_id, wake_at FROM leads
            WHERE wake_partition = @partition AND wake_at IS NOT NULL AND wake_at <= @now
            ORDER BY wake_at
            LIMIT @limit
            """,
            new Dictionary<string, object?> { ["partition"] = partition, ["now"] = now, ["limit"] = limit },
            row => new DueLead(new LeadKey(TenantId.Parse(row.GetString(0)), row.GetString(1)), row.GetInstant(2)),
            tenantScope: null,
            cancellationToken);

    /// <summary>
    /// Up to <paramref name="limit"/> running leads of <paramref name="partition"/> that have a wake time (a step in
    /// flight or a retry waiting), after <paramref name="after"/> in key order: the leads that may hold an attempt a
    /// dead silo was running.
    /// </summary>
    public Task<IReadOnlyList<LeadKey>> FindRunningAsync(int partition, LeadKey? after, int limit, CancellationToken cancellationToken) =>
        store.QueryAsync(
            """
            SELECT tenant_id, lead_id FROM leads
            WHERE wake_partition = @partition AND status = 'running' AND wake_at IS NOT NULL
              AND (tenant_id > @tenant OR (tenant_id = @tenant AND lead_id > @lead))
            ORDER BY tenant_id, lead_id
            LIMIT @limit
            """,
            new Dictionary<string, object?>
            {
                ["partition"] = partition,
                ["tenant"] = after?.Tenant.Value ?? "",
                ["lead"] = after?.LeadId ?? "",
                ["limit"] = limit,
            },
            row => new LeadKey(TenantId.Parse(row.GetString(0)), row.GetString(1)),
            tenantScope: null,
            cancellationToken);
}
