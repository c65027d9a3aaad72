using Microsoft.Extensions.Logging;
using OrleansFlows.Contracts.Exports;
using OrleansFlows.Contracts.Tenants;

namespace OrleansFlows.Grains.Exports;

/// <summary>
/// One export. Its state lives in <c>exports</c>, not in the activation: the zip is written by a grain timer that
/// interleaves, so state reads answer while it runs, and an activation that finds its export unfinished without a
/// writer (the silo stopped), or done without its zip on this silo, writes it again from the beginning. A done export
/// past its retention is expired when read (<see cref="ExportExpiry"/>), never written again.
/// </summary>
[GrainType("export")]
internal sealed partial class ExportGrain(
    ExportRecords records, ExportWriter writer, ExportFiles files, ExportExpiry expiry, TimeProvider timeProvider, ILogger<ExportGrain> logger)
    : Grain, IExportGrain
{
    /// <summary>The size of a downloaded chunk.</summary>
    private const int ChunkSize = 1 << 16;

    private IGrainTimer? _writing;

    private (TenantId Tenant, string ExportId) Key => ExportKey.Parse(this.GetPrimaryKeyString());

    public async Task<ExportView> StartAsync(string? requestedByKeyId)
    {
        var (tenant, exportId) = Key;
        // Whole milliseconds, as every store keeps them: the time answered is the time read back.
        var now = timeProvider.GetUtcNow();
        now = now.AddTicks(-(now.Ticks % TimeSpan.TicksPerMillisecond));
        var export = new ExportView(exportId, ExportStatus.Queued, requestedByKeyId, now, null, new Dictionary<string, long>(), null, null);
        if (!await records.AddAsync(tenant, export, CancellationToken.None))
        {
            throw await records.FindUnfinishedAsync(tenant, CancellationToken.None) is { } unfinished
                ? new ExportConflictException($"Export '{unfinished}' is still queued or running; start another once it is done or failed.")
                : new ExportConflictException($"Export '{exportId}' was already started.");
        }

        LogRequested(logger, tenant.Value, exportId, requestedByKeyId);
        StartWriting(export);
        return export;
    }

    public async Task<ExportView?> GetAsync()
    {
        var (tenant, exportId) = Key;
        var export = await records.GetAsync(tenant, exportId, CancellationToken.None);
        if (export is not null && expiry.IsDue(export))
        {
            return await expiry.ExpireAsync(tenant, export, CancellationToken.None);
        }

        if (export is { Status: ExportStatus.Queued or ExportStatus.Running } && _writing is null)
        {
            LogResumed(logger, tenant.Value, exportId);
            StartWriting(export);
        }
        else if (export is { Status: ExportStatus.Done } && _writing is null && !File.Exists(files.ZipPath(tenant, exportId))
            && await records.FindUnfinishedAsync(tenant, CancellationToken.None) is null)
        {
            // Activated on a silo that does not hold its zip (the silos don't share a disk, or the file was removed):
            // it is written again here rather than offered for a download that can't be served.
            LogResumed(logger, tenant.Value, exportId);
            export = export with { Status = ExportStatus.Running, FinishedAt = null, SizeBytes = null, Counts = new Dictionary<string, long>() };
            await records.UpdateAsync(tenant, export, CancellationToken.None);
            StartWriting(export);
        }

        return export;
    }

    public async IAsyncEnumerable<byte[]> ReadZipAsync()
    {
        var (tenant, exportId) = Key;
        if (await records.GetAsync(tenant, exportId, CancellationToken.None) is not { Status: ExportStatus.Done } export || expiry.IsDue(export))
        {
            yield break;
        }

        LogDownloaded(logger, tenant.Value, exportId);
        await using var file = new FileStream(files.ZipPath(tenant, exportId), FileMode.Open, FileAccess.Read, FileShare.Read, ChunkSize, useAsync: true);
        var buffer = new byte[ChunkSize];
        int read;
        while ((read = await file.ReadAsync(buffer)) > 0)
        {
            yield return buffer[..read];
        }
    }

    private void StartWriting(ExportView export) =>
        _writing = this.RegisterGrainTimer(
            _ => WriteAsync(export),
            (object?)null,
            new GrainTimerCreationOptions(TimeSpan.Zero, Timeout.InfiniteTimeSpan) { Interleave = true, KeepAlive = true });

    private async Task WriteAsync(ExportView export)
    {
        var (tenant, exportId) = Key;
        var running = export with { Status = ExportStatus.Running };
        try
        {
            await records.UpdateAsync(tenant, running, CancellationToken.None);
            var path = files.ZipPath(tenant, exportId);
            var partial = path + ".partial";
            var counts = await writer.WriteAsync(tenant, partial, CancellationToken.None);
            File.Move(partial, path, overwrite: true);
            var done = running with { Status = ExportStatus.Done, FinishedAt = timeProvider.GetUtcNow(), Counts = counts, SizeBytes = new FileInfo(path).Length };
            await records.UpdateAsync(tenant, done, CancellationToken.None);
            LogFinished(logger, tenant.Value, exportId, string.Join(", ", counts.Select(c => $"{c.Key}={c.Value}")));
        }
        catch (Exception failure) when (failure is not OutOfMemoryException)
        {
            LogFailed(logger, failure, tenant.Value, exportId);
            var failed = running with { Status = ExportStatus.Failed, FinishedAt = timeProvider.GetUtcNow(), Error = $"The export failed: {failure.Message}" };
            await records.UpdateAsync(tenant, failed, CancellationToken.None);
        }
        finally
        {
            _writing?.Dispose();
            _writing = null;
        }
    }

    [LoggerMessage(EventId = ExportEventIds.Requested, Level = LogLevel.Information,
        Message = "Export {ExportId} of tenant {TenantId} requested with API key {KeyId}")]
    private static partial void LogRequested(ILogger logger, string tenantId, string exportId, string? keyId);

    [LoggerMessage(EventId = ExportEventIds.Finished, Level = LogLevel.Information,
        Message = "Export {ExportId} of tenant {TenantId} finished: {Counts}")]
    private static partial void LogFinished(ILogger logger, string tenantId, string exportId, string counts);

    [LoggerMessage(EventId = ExportEventIds.Failed, Level = LogLevel.Error, Message = "Export {ExportId} of tenant {TenantId} failed")]
    private static partial void LogFailed(ILogger logger, Exception exception, string tenantId, string exportId);

    [LoggerMessage(EventId = ExportEventIds.Resumed, Level = LogLevel.Warning,
        Message = "Export {ExportId} of tenant {TenantId} was left unfinished; it starts again")]
    private static partial void LogResumed(ILogger logger, string tenantId, string exportId);

    [LoggerMessage(EventId = ExportEventIds.Downloaded, Level = LogLevel.Information, Message = "Export {ExportId} of tenant {TenantId} downloaded")]
    private static partial void LogDownloaded(ILogger logger, string tenantId, string exportId);
}
