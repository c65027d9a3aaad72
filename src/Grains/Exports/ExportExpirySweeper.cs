using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrleansFlows.Contracts.Exports;
using OrleansFlows.Contracts.Tenants;

namespace OrleansFlows.Grains.Exports;

/// <summary>
/// On each silo, every <see cref="ExportOptions.SweepPeriod"/>, looks at the export zips on its own disk (silos don't
/// share one) and expires those past <see cref="ExportOptions.Retention"/> (<see cref="ExportExpiry"/>). A zip whose
/// export is expired already (read on another silo) is deleted too.
/// </summary>
internal sealed partial class ExportExpirySweeper(
    ExportFiles files,
    ExportRecords records,
    ExportExpiry expiry,
    IOptions<ExportOptions> options,
    TimeProvider timeProvider,
    ILogger<ExportExpirySweeper> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.SweepPeriod, timeProvider);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    await SweepAsync(stoppingToken);
                }
                catch (Exception exception) when (exception is not OperationCanceledException)
                {
                    // A store that is away; the next period tries again.
                    LogSweepFailed(logger, exception);
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    /// <summary>Expires every zip on this silo's disk whose export is past its retention or expired; returns how many.</summary>
    internal async Task<int> SweepAsync(CancellationToken cancellationToken)
    {
        if (!Directory.Exists(files.Root))
        {
            return 0;
        }

        var expired = 0;
        foreach (var folder in Directory.EnumerateDirectories(files.Root))
        {
            if (!TenantId.TryParse(Path.GetFileName(folder), out var tenant, out _))
            {
                continue;
            }

            foreach (var zip in Directory.EnumerateFiles(folder, "*.zip"))
            {
                var exportId = Path.GetFileNameWithoutExtension(zip);
                if (!ExportKey.IsValidId(exportId)
                    || await records.GetAsync(tenant, exportId, cancellationToken) is not { } export
                    || !(expiry.IsDue(export) || export.Status == ExportStatus.Expired))
                {
                    continue;
                }

                await expiry.ExpireAsync(tenant, export, cancellationToken);
                expired++;
            }
        }

        return expired;
    }

    [LoggerMessage(EventId = ExportEventIds.SweepFailed, Level = LogLevel.Warning, Message = "Looking for expired export zips failed; the next period tries again")]
    private static partial void LogSweepFailed(ILogger logger, Exception exception);
}
