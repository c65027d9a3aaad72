using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OrleansFlows.Contracts.Leads;
using OrleansFlows.Grains.Leads;

namespace OrleansFlows.Grains.Sweepers;

/// <summary>
/// Makes sure every sweeper has its reminder once the silo serves (durable, so this matters only on a cluster's first
/// start), then pings every sweeper each <see cref="LeadOptions.SweepInterval"/>: a sweeper whose silo died comes back
/// on a survivor within one interval of its death being known, not at its reminder's next tick a minute later.
/// </summary>
/// <remarks>
/// A silo that starts as the only active one (a standalone host, or a whole cluster after a restart) also wakes every
/// running lead once: an attempt that a previous incarnation was running when it died resumes now, under the same
/// idempotency key, rather than at its resume deadline (the step's timeout plus <see cref="LeadOptions.ResumeMargin"/>).
/// A lead whose silo is still alive finds nothing to do and writes nothing.
/// </remarks>
internal sealed partial class SweeperStartup(
    IGrainFactory grains,
    IHostApplicationLifetime lifetime,
    Microsoft.Extensions.Options.IOptions<LeadOptions> options,
    LeadWakeIndex index,
    IClusterMembershipService membership,
    ILogger<SweeperStartup> logger) : IHostedService
{
    // Wake calls in flight at once during the start-up scan.
    private const int ScanConcurrency = 32;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        // Grain calls work only once the silo has started, which is after every hosted service's StartAsync.
        lifetime.ApplicationStarted.Register(() => _ = StartSweepersAsync());
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private async Task StartSweepersAsync()
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await Task.WhenAll(Sweepers().Select(s => s.StartAsync()));
                break;
            }
            catch (Exception exception) when (attempt < 10 && !lifetime.ApplicationStopping.IsCancellationRequested)
            {
                LogStartRetry(logger, attempt, exception);
                await Task.Delay(TimeSpan.FromSeconds(Math.Min(attempt, 5)));
            }
            catch (Exception exception)
            {
                LogStartFailed(logger, exception);
                return;
            }
        }

        if (membership.CurrentSnapshot.Members.Values.Count(m => m.Status == SiloStatus.Active) <= 1)
        {
            _ = ResumeLostAttemptsAsync(lifetime.ApplicationStopping);
        }

        await KeepSweepersActiveAsync();
    }

    private async Task ResumeLostAttemptsAsync(CancellationToken cancellationToken)
    {
        var woken = 0;
        try
        {
            for (var partition = 0; partition < WakePartitions.Count; partition++)
            {
                LeadKey? after = null;
                while (true)
                {
                    var leads = await index.FindRunningAsync(partition, after, options.Value.SweepBatchSize, cancellationToken);
                    foreach (var chunk in leads.Chunk(ScanConcurrency))
                    {
                        await Task.WhenAll(chunk.Select(WakeAsync));
                    }

                    woken += leads.Count;
                    if (leads.Count < options.Value.SweepBatchSize)
                    {
                        break;
                    }

                    after = leads[^1];
                }
            }

            LogScanned(logger, woken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // The leads' resume deadlines still cover them: the sweepers wake them then.
            LogScanFailed(logger, woken, exception);
        }
        catch (OperationCanceledException)
        {
        }
    }

    private async Task WakeAsync(LeadKey lead)
    {
        try
        {
            await grains.GetGrain<ILeadGrain>(lead.ToString()).WakeAsync();
        }
        catch (Exception exception)
        {
            // One lead that can't wake must not stop the others; its resume deadline still covers it.
            LogWakeFailed(logger, lead.ToString(), exception);
        }
    }

    private async Task KeepSweepersActiveAsync()
    {
        using var timer = new PeriodicTimer(options.Value.SweepInterval);
        try
        {
            while (await timer.WaitForNextTickAsync(lifetime.ApplicationStopping))
            {
                try
                {
                    await Task.WhenAll(Sweepers().Select(s => s.PingAsync()));
                }
                catch (Exception exception) when (exception is not OperationCanceledException)
                {
                    // A silo that is dying or a cluster that is reconfiguring; the next tick tries again.
                    LogPingFailed(logger, exception);
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private IEnumerable<ISweeperGrain> Sweepers() =>
        Enumerable.Range(0, WakePartitions.Count).Select(p => grains.GetGrain<ISweeperGrain>(p.ToString(System.Globalization.CultureInfo.InvariantCulture)));

    [LoggerMessage(EventId = 3102, Level = LogLevel.Warning, Message = "Starting the sweepers failed (attempt {Attempt}); retrying")]
    private static partial void LogStartRetry(ILogger logger, int attempt, Exception exception);

    [LoggerMessage(EventId = 3104, Level = LogLevel.Debug, Message = "Pinging the sweepers failed; the next interval tries again")]
    private static partial void LogPingFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 3105, Level = LogLevel.Information, Message = "Start-up: woke {Count} running lead(s), so that attempts a previous silo was running resume now")]
    private static partial void LogScanned(ILogger logger, int count);

    [LoggerMessage(EventId = 3106, Level = LogLevel.Warning, Message = "Start-up: the scan for attempts a previous silo was running stopped after {Count} lead(s); the rest resume at their deadlines")]
    private static partial void LogScanFailed(ILogger logger, int count, Exception exception);

    [LoggerMessage(EventId = 3107, Level = LogLevel.Warning, Message = "Start-up: lead {LeadKey} could not be woken; it resumes at its deadline")]
    private static partial void LogWakeFailed(ILogger logger, string leadKey, Exception exception);

    [LoggerMessage(EventId = 3103, Level = LogLevel.Error, Message = "The sweepers could not be started; leads whose silo dies are not resumed until a silo starts them")]
    private static partial void LogStartFailed(ILogger logger, Exception exception);
}
