using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OrleansFlows.Grains.Leads;

namespace OrleansFlows.Grains.Sweepers;

/// <summary>
/// Makes sure every sweeper has its reminder once the silo serves. The reminders are durable, so this matters only on
/// a cluster's first start; afterwards it is a cheap idempotent write per sweeper.
/// </summary>
internal sealed partial class SweeperStartup(IGrainFactory grains, IHostApplicationLifetime lifetime, ILogger<SweeperStartup> logger) : IHostedService
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
                await Task.WhenAll(Enumerable.Range(0, WakePartitions.Count).Select(p => grains.GetGrain<ISweeperGrain>(p.ToString(System.Globalization.CultureInfo.InvariantCulture)).StartAsync()));
                return;
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
    }

    [LoggerMessage(EventId = 3102, Level = LogLevel.Warning, Message = "Starting the sweepers failed (attempt {Attempt}); retrying")]
    private static partial void LogStartRetry(ILogger logger, int attempt, Exception exception);

    [LoggerMessage(EventId = 3103, Level = LogLevel.Error, Message = "The sweepers could not be started; leads whose silo dies are not resumed until a silo starts them")]
    private static partial void LogStartFailed(ILogger logger, Exception exception);
}
