using System.Collections.Concurrent;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrleansFlows.Contracts.Reconciliation;

namespace OrleansFlows.Grains.Reconciliation;

/// <summary>
/// Runs reconciliation batches outside grain turns, at most <see cref="ReconciliationOptions.MaxConcurrentBatches"/> at
/// once on this silo, and reports each outcome to its grain. Many tenants share a local midnight: the bound keeps that
/// burst from taking the threads, connections and database the API needs. If the silo dies with a batch queued or
/// running, the grain's reminder runs it again.
/// </summary>
internal sealed partial class ReconciliationExecutor(
    ReconciliationBatch batch,
    IGrainFactory grains,
    IOptions<ReconciliationOptions> options,
    ILogger<ReconciliationExecutor> logger) : IReconciliationDispatcher, IHostedService
{
    // Neither is disposed: the host may stop this service after disposing it, and neither holds a timer or wait handle.
    private readonly SemaphoreSlim _slots = new(options.Value.MaxConcurrentBatches);
    private readonly ConcurrentDictionary<string, byte> _inFlight = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stopping = new();

    /// <summary>Batches queued or running on this silo now.</summary>
    public int InFlight => _inFlight.Count;

    public void Dispatch(ReconciliationWork work)
    {
        if (!_inFlight.TryAdd(Key(work), 0))
        {
            LogAlreadyQueued(logger, work.ToString());
            return;
        }

        // The batch must not inherit the grain's call chain (it flows with the execution context): its report back to
        // the grain is a new call, not a call the grain's own turn waits on.
        using (ExecutionContext.SuppressFlow())
        {
            _ = Task.Run(() => RunAsync(work));
        }
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => _stopping.CancelAsync();

    private static string Key(ReconciliationWork work) => $"{work.Tenant.Value}/{work.RunId}";

    private async Task RunAsync(ReconciliationWork work)
    {
        var token = _stopping.Token;
        var holdsSlot = false;
        try
        {
            await _slots.WaitAsync(token).ConfigureAwait(false);
            holdsSlot = true;
            var outcome = await batch.RunAsync(work, token).ConfigureAwait(false);
            await grains.GetGrain<IReconciliationGrain>(work.Tenant.Value).CompleteRunAsync(outcome).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            LogAbandonedOnStop(logger, work.ToString());
        }
        catch (Exception exception)
        {
            LogRunFailed(logger, work.ToString(), exception);
        }
        finally
        {
            if (holdsSlot)
            {
                _slots.Release();
            }

            _inFlight.TryRemove(Key(work), out _);
        }
    }

    [LoggerMessage(EventId = 6100, Level = LogLevel.Debug, Message = "The {Run} is already queued or running on this silo; the repeated dispatch is dropped")]
    private static partial void LogAlreadyQueued(ILogger logger, string run);

    [LoggerMessage(EventId = 6101, Level = LogLevel.Debug, Message = "The {Run} was abandoned as the silo stops; its grain's reminder runs it again")]
    private static partial void LogAbandonedOnStop(ILogger logger, string run);

    [LoggerMessage(EventId = 6102, Level = LogLevel.Warning, Message = "The {Run} did not finish or its outcome was not delivered; its grain's reminder runs it again")]
    private static partial void LogRunFailed(ILogger logger, string run, Exception exception);
}
