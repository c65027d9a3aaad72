using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrleansFlows.Runtime.Activation;
using OrleansFlows.Runtime.Persistence;

namespace OrleansFlows.Runtime.Hosting;

/// <summary>
/// Starts the silo only once its store is ready (retrying with backoff, then failing start-up with a clear error), and
/// on shutdown deactivates every activation after its queued turns, so no pending write is lost.
/// </summary>
internal sealed partial class SiloLifecycleService(
    IStoreBootstrap store,
    Catalog catalog,
    SiloStatus status,
    TimeProvider timeProvider,
    IOptions<StoreStartupOptions> startupOptions,
    IOptions<GrainCollectionOptions> collectionOptions,
    ILogger<SiloLifecycleService> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var options = startupOptions.Value;
        var delay = options.InitialDelay;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await store.InitializeAsync(cancellationToken).ConfigureAwait(false);
                break;
            }
            // Only a store that may come up is waited for; one that answered with a lasting error (a file that is not a
            // database, a missing database, a refused login) fails start-up at once with that error.
            catch (StorageUnavailableException exception) when (exception.IsTransient && attempt < options.MaxAttempts)
            {
                LogStoreNotReady(logger, store.Describe(), attempt, options.MaxAttempts, delay, exception.Message);
                await Task.Delay(delay, timeProvider, cancellationToken).ConfigureAwait(false);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, options.MaxDelay.Ticks));
            }
            catch (StorageUnavailableException exception) when (exception.IsTransient)
            {
                throw new StorageUnavailableException(
                    $"The silo can't start: {store.Describe()} was unreachable after {options.MaxAttempts} attempts. Last error: {exception.Message}",
                    isTransient: false,
                    exception);
            }
        }

        status.SetActive(true);
        LogSiloStarted(logger, store.Describe());
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        status.SetActive(false);
        LogSiloStopping(logger, catalog.Count);
        await catalog.DeactivateAllAsync(collectionOptions.Value.DeactivationTimeout).ConfigureAwait(false);
    }

    [LoggerMessage(EventId = 1300, Level = LogLevel.Warning, Message = "{Store} is not ready (attempt {Attempt} of {MaxAttempts}); retrying in {Delay}: {Error}")]
    private static partial void LogStoreNotReady(ILogger logger, string store, int attempt, int maxAttempts, TimeSpan delay, string error);

    [LoggerMessage(EventId = 1301, Level = LogLevel.Information, Message = "Silo is active on {Store}")]
    private static partial void LogSiloStarted(ILogger logger, string store);

    [LoggerMessage(EventId = 1302, Level = LogLevel.Information, Message = "Silo is stopping; deactivating {Count} activations")]
    private static partial void LogSiloStopping(ILogger logger, int count);
}
