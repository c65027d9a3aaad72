using System.Text.Json;
using OrleansFlows.Contracts.Exports;
using OrleansFlows.Contracts.Tenants;
using OrleansFlows.Storage;

namespace OrleansFlows.Grains.Exports;

/// <summary>The durable records of exports (<c>exports</c>). Every statement filters by the tenant and runs in its scope.</summary>
internal sealed class ExportRecords(IProjectionStore store)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>Records an export as queued; false when the id is taken or the tenant has an export queued or running.</summary>
    public async Task<bool> AddAsync(TenantId tenant, ExportView export, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(export);
        var added = await store.ExecuteAsync(
            """
            INSERT INTO exports (tenant_id, export_id, status, requested_by, requested_at)
            VALUES (@tenant, @export, @status, @requestedBy, @requestedAt)
            ON CONFLICT DO NOTHING
            """,
            new Dictionary<string, object?>
            {
                ["tenant"] = tenant.Value,
                ["export"] = export.ExportId,
                ["status"] = export.Status,
                ["requestedBy"] = export.RequestedBy,
                ["requestedAt"] = export.RequestedAt,
            },
            tenant.Value,
            cancellationToken);
        return added == 1;
    }

    /// <summary>Records the export's new state; counts, size, end and error as the view has them.</summary>
    public Task UpdateAsync(TenantId tenant, ExportView export, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(export);
        return store.ExecuteAsync(
            """
            UPDATE exports SET status = @status, finished_at = @finishedAt, counts = @counts, size_bytes = @size, error = @error
            WHERE tenant_id = @tenant AND export_id = @export
            """,
            new Dictionary<string, object?>
            {
                ["tenant"] = tenant.Value,
                ["export"] = export.ExportId,
                ["status"] = export.Status,
                ["finishedAt"] = export.FinishedAt,
                ["counts"] = JsonSerializer.Serialize(export.Counts, Json),
                ["size"] = export.SizeBytes,
                ["error"] = export.Error,
            },
            tenant.Value,
            cancellationToken);
    }

    /// <summary>Marks a done export expired, once its zip is deleted; false when it was not done.</summary>
    public async Task<bool> ExpireAsync(TenantId tenant, string exportId, CancellationToken cancellationToken) =>
        await store.ExecuteAsync(
            "UPDATE exports SET status = @expired WHERE tenant_id = @tenant AND export_id = @export AND status = @done",
            new Dictionary<string, object?> { ["tenant"] = tenant.Value, ["export"] = exportId, ["expired"] = ExportStatus.Expired, ["done"] = ExportStatus.Done },
            tenant.Value,
            cancellationToken) == 1;

    /// <summary>The id of the tenant's export that is queued or running, or null.</summary>
    public async Task<string?> FindUnfinishedAsync(TenantId tenant, CancellationToken cancellationToken)
    {
        var rows = await store.QueryAsync(
            "SELECT export_id FROM exports WHERE tenant_id = @tenant AND status IN ('queued', 'running')",
            new Dictionary<string, object?> { ["tenant"] = tenant.Value },
            row => row.GetString(0),
            tenant.Value,
            cancellationToken);
        return rows.Count == 0 ? null : rows[0];
    }

    /// <summary>The tenant's export, or null.</summary>
    public async Task<ExportView?> GetAsync(TenantId tenant, string exportId, CancellationToken cancellationToken)
    {
        var rows = await store.QueryAsync(
            """
            SELECT export_id, status, requested_by, requested_at, finished_at, counts, size_bytes, error
            FROM exports WHERE tenant_id = @tenant AND export_id = @export
            """,
            new Dictionary<string, object?> { ["tenant"] = tenant.Value, ["export"] = exportId },
            row => new ExportView(
                row.GetString(0),
                row.GetString(1),
                row.GetStringOrNull(2),
                row.GetInstant(3),
                row.GetInstantOrNull(4),
                row.GetStringOrNull(5) is { } counts ? JsonSerializer.Deserialize<Dictionary<string, long>>(counts, Json) ?? [] : new Dictionary<string, long>(),
                row.GetStringOrNull(7),
                row.IsNull(6) ? null : row.GetInt64(6)),
            tenant.Value,
            cancellationToken);
        return rows.Count == 0 ? null : rows[0];
    }
}
