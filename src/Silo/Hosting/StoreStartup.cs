using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrleansFlows.Storage;

namespace OrleansFlows.Silo.Hosting;

/// <summary>
/// Creates or upgrades the store's schema before Orleans' own services start (ADO.NET clustering needs its tables),
/// waiting with backoff for a store that may come up, and failing start-up with a clear error otherwise. It also
/// tracks whether the silo serves, for the readiness check.
/// </summary>
internal sealed partial class StoreStartup(
    IStoreBootstrap store,
    TimeProvider timeProvider,
    IOptions<StoreStartupOptions> startupOptions,
    ILogger<StoreStartup> logger) : ILifecycleParticipant<ISiloLifecycle>
{
    /// <summary>Whether the silo is active: started and not yet stopping.</summary>
    public bool IsActive { get; private set; }

    public void Participate(ISiloLifecycle lifecycle)
    {
        lifecycle.Subscribe(nameof(StoreStartup), ServiceLifecycleStage.RuntimeInitialize - 1, InitializeStoreAsync, _ => Task.CompletedTask);
        lifecycle.Subscribe(nameof(StoreStartup), ServiceLifecycleStage.Active, BecomeActiveAsync, StopServingAsync);
    }

    /// <summary>Creates or upgrades the schema, waiting for a store that may come up (also the silo's migrate-only mode).</summary>
    public async Task InitializeStoreAsync(CancellationToken cancellationToken)
    {
        var options = startupOptions.Value;
        var delay = options.InitialDelay;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await store.InitializeAsync(cancellationToken).ConfigureAwait(false);
                return;
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
    }

    private Task BecomeActiveAsync(CancellationToken cancellationToken)
    {
        IsActive = true;
        LogSiloStarted(logger, store.Describe());
        return Task.CompletedTask;
    }

    private Task StopServingAsync(CancellationToken cancellationToken)
    {
        IsActive = false;
        return Task.CompletedTask;
    }

    [LoggerMessage(EventId = 1300, Level = LogLevel.Warning, Message = "{Store} is not ready (attempt {Attempt} of {MaxAttempts}); retrying in {Delay}: {Error}")]
    private static partial void LogStoreNotReady(ILogger logger, string store, int attempt, int maxAttempts, TimeSpan delay, string error);

    [LoggerMessage(EventId = 1301, Level = LogLevel.Information, Message = "Silo is active on {Store}")]
    private static partial void LogSiloStarted(ILogger logger, string store);
}
