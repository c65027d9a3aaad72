using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OrleansFlows.Grains.Leads;

namespace OrleansFlows.Grains.Sweepers;

/// <summary>
/// Makes sure every sweeper has its reminder once the silo serves (durable, so this matters only on a cluster's first
/// start), then pings every sweeper each <see cref="LeadOptions.SweepInterval"/>: a sweeper whose silo died comes back
/// on a survivor within one interval of its death being known, not at its reminder's next tick a minute later.
/// </summary>
internal sealed partial class SweeperStartup(
    IGrainFactory grains,
    IHostApplicationLifetime lifetime,
    Microsoft.Extensions.Options.IOptions<LeadOptions> options,
    ILogger<SweeperStartup> logger) : IHostedService
{
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

        await KeepSweepersActiveAsync();
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

    [LoggerMessage(EventId = 3103, Level = LogLevel.Error, Message = "The sweepers could not be started; leads whose silo dies are not resumed until a silo starts them")]
    private static partial void LogStartFailed(ILogger logger, Exception exception);
}
