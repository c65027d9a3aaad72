using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrleansFlows.Runtime.Hosting;

namespace OrleansFlows.Runtime.Activation;

/// <summary>Deactivates activations idle longer than <see cref="GrainCollectionOptions.CollectionAge"/>, so only active grains take memory.</summary>
internal sealed partial class IdleActivationCollector(
    Catalog catalog,
    IOptions<GrainCollectionOptions> options,
    TimeProvider timeProvider,
    ILogger<IdleActivationCollector> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.CollectionQuantum, timeProvider);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                var collected = catalog.CollectIdle(options.Value.CollectionAge);
                if (collected > 0)
                {
                    LogCollected(logger, collected);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    [LoggerMessage(EventId = 1010, Level = LogLevel.Debug, Message = "Deactivating {Count} idle activations")]
    private static partial void LogCollected(ILogger logger, int count);
}
