using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrleansFlows.Contracts.Exports;
using OrleansFlows.Contracts.Tenants;

namespace OrleansFlows.Grains.Exports;

/// <summary>
/// Ends a done export's life after <see cref="ExportOptions.Retention"/>: its zip is deleted from this silo's disk and
/// its row says <c>expired</c>. The export grain does it when the export is read, and <see cref="ExportExpirySweeper"/>
/// on each silo for the zips on its own disk, so that an export nobody reads does not keep its zip either.
/// </summary>
internal sealed partial class ExportExpiry(ExportRecords records, ExportFiles files, IOptions<ExportOptions> options, TimeProvider timeProvider, ILogger<ExportExpiry> logger)
{
    /// <summary>Whether a done export is past its retention.</summary>
    public bool IsDue(ExportView export) =>
        export is { Status: ExportStatus.Done, FinishedAt: { } finishedAt } && finishedAt + options.Value.Retention <= timeProvider.GetUtcNow();

    /// <summary>Deletes the zip of an export that is due or already expired, if this silo has it, and records it expired; returns the export as it now is.</summary>
    public async Task<ExportView> ExpireAsync(TenantId tenant, ExportView export, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(export);
        DeleteZip(tenant, export.ExportId);
        if (export.Status == ExportStatus.Done && await records.ExpireAsync(tenant, export.ExportId, cancellationToken))
        {
            LogExpired(logger, tenant.Value, export.ExportId);
        }

        return export with { Status = ExportStatus.Expired };
    }

    private void DeleteZip(TenantId tenant, string exportId)
    {
        var path = files.ZipPath(tenant, exportId);
        if (File.Exists(path))
        {
            File.Delete(path);
        }
    }

    [LoggerMessage(EventId = ExportEventIds.Expired, Level = LogLevel.Information, Message = "Export {ExportId} of tenant {TenantId} expired; its zip is deleted")]
    private static partial void LogExpired(ILogger logger, string tenantId, string exportId);
}
