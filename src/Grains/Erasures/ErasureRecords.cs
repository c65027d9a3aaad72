using OrleansFlows.Contracts.Erasures;
using OrleansFlows.Contracts.Tenants;
using OrleansFlows.Storage;

namespace OrleansFlows.Grains.Erasures;

/// <summary>
/// The durable records of erasures (<c>erasures</c>): who asked, when, the state and the counts, never the email.
/// Every statement filters by the tenant and runs in its scope.
/// </summary>
internal sealed class ErasureRecords(IProjectionStore store)
{
    private const string Columns = "erasure_id, status, requested_by, requested_at, finished_at, leads, cancelled_leads, records, audit_rows, attempts, error";

    /// <summary>Records an erasure as running; false when the id is taken.</summary>
    public async Task<bool> AddAsync(TenantId tenant, ErasureView erasure, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(erasure);
        var added = await store.ExecuteAsync(
            """
            INSERT INTO erasures (tenant_id, erasure_id, status, requested_by, requested_at, leads, cancelled_leads, records, audit_rows, attempts)
            VALUES (@tenant, @erasure, @status, @requestedBy, @requestedAt, 0, 0, 0, 0, 0)
            ON CONFLICT DO NOTHING
            """,
            new Dictionary<string, object?>
            {
                ["tenant"] = tenant.Value,
                ["erasure"] = erasure.ErasureId,
                ["status"] = erasure.Status,
                ["requestedBy"] = erasure.RequestedBy,
                ["requestedAt"] = erasure.RequestedAt,
            },
            tenant.Value,
            cancellationToken);
        return added == 1;
    }

    /// <summary>Records the erasure's end: its status, counts and error.</summary>
    public Task UpdateAsync(TenantId tenant, ErasureView erasure, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(erasure);
        return store.ExecuteAsync(
            """
            UPDATE erasures SET status = @status, finished_at = @finishedAt, leads = @leads, cancelled_leads = @cancelled, records = @records,
                audit_rows = @auditRows, attempts = @attempts, error = @error
            WHERE tenant_id = @tenant AND erasure_id = @erasure
            """,
            new Dictionary<string, object?>
            {
                ["tenant"] = tenant.Value,
                ["erasure"] = erasure.ErasureId,
                ["status"] = erasure.Status,
                ["finishedAt"] = erasure.FinishedAt,
                ["leads"] = erasure.Leads,
                ["cancelled"] = erasure.CancelledLeads,
                ["records"] = erasure.Records,
                ["auditRows"] = erasure.AuditRows,
                ["attempts"] = erasure.Attempts,
                ["error"] = erasure.Error,
            },
            tenant.Value,
            cancellationToken);
    }

    /// <summary>The tenant's erasure, or null.</summary>
    public async Task<ErasureView?> GetAsync(TenantId tenant, string erasureId, CancellationToken cancellationToken)
    {
        var rows = await store.QueryAsync(
            $"SELECT {Columns} FROM erasures WHERE tenant_id = @tenant AND erasure_id = @erasure",
            new Dictionary<string, object?> { ["tenant"] = tenant.Value, ["erasure"] = erasureId },
            row => new ErasureView(
                row.GetString(0),
                row.GetString(1),
                row.GetStringOrNull(2),
                row.GetInstant(3),
                row.GetInstantOrNull(4),
                row.GetInt32(5),
                row.GetInt32(6),
                row.GetInt32(7),
                row.GetInt32(8),
                row.GetInt32(9),
                row.GetStringOrNull(10)),
            tenant.Value,
            cancellationToken);
        return rows.Count == 0 ? null : rows[0];
    }
}
