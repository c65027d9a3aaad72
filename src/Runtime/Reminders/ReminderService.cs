using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrleansFlows.Runtime.Diagnostics;
using OrleansFlows.Runtime.Hosting;
using OrleansFlows.Runtime.Messaging;
using OrleansFlows.Runtime.Persistence;

namespace OrleansFlows.Runtime.Reminders;

/// <summary>
/// Claims due reminders from the store in batches and delivers each tick as a turn of its grain. A tick is completed
/// in the store only after its grain handled it; a tick whose delivery failed, or whose silo died, is claimed again
/// when its lease runs out, so every tick arrives at least once.
/// </summary>
internal sealed partial class ReminderService(
    IReminderTable table,
    IGrainCallDispatcher dispatcher,
    SiloIdentity silo,
    SiloStatus status,
    RuntimeEvents events,
    TimeProvider timeProvider,
    IOptions<ReminderOptions> options,
    IOptions<GrainCallOptions> callOptions,
    ILogger<ReminderService> logger) : BackgroundService
{
    private readonly ReminderOptions _options = options.Value;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            var claimedFullBatch = false;
            try
            {
                if (status.IsActive)
                {
                    var claimed = await table.ClaimDueAsync(silo.Id, _options.ClaimBatchSize, _options.LeaseDuration, stoppingToken).ConfigureAwait(false);
                    claimedFullBatch = claimed.Count == _options.ClaimBatchSize;
                    await DeliverAsync(claimed, stoppingToken).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (StorageException exception)
            {
                LogStoreFailed(logger, exception.Message);
            }

            if (!claimedFullBatch)
            {
                try
                {
                    await Task.Delay(_options.PollInterval, timeProvider, stoppingToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    private async Task DeliverAsync(IReadOnlyList<ClaimedReminder> claimed, CancellationToken stoppingToken)
    {
        if (claimed.Count == 0)
        {
            return;
        }

        using var slots = new SemaphoreSlim(_options.MaxConcurrentDeliveries);
        var outcomes = await Task.WhenAll(claimed.Select(c => DeliverOneAsync(c, slots))).ConfigureAwait(false);
        var delivered = claimed.Where((_, i) => outcomes[i]).ToList();

        // Completion ignores cancellation: ticks that were delivered should be recorded even while stopping.
        await table.CompleteAsync(delivered, CancellationToken.None).ConfigureAwait(false);
        foreach (var reminder in delivered)
        {
            events.Publish(RuntimeEvents.ReminderDelivered, reminder.Entry.GrainId, reminder.Entry.Name);
        }
    }

    private async Task<bool> DeliverOneAsync(ClaimedReminder claimed, SemaphoreSlim slots)
    {
        await slots.WaitAsync().ConfigureAwait(false);
        try
        {
            var turn = new ReminderTurn(claimed);
            dispatcher.Dispatch(claimed.Entry.GrainId, turn);
            await turn.Completion.WaitAsync(callOptions.Value.ResponseTimeout).ConfigureAwait(false);
            return true;
        }
        catch (Exception exception)
        {
            LogDeliveryFailed(logger, claimed.Entry.GrainId.ToString(), claimed.Entry.Name, _options.LeaseDuration, exception);
            events.Publish(RuntimeEvents.ReminderFailed, claimed.Entry.GrainId, $"{claimed.Entry.Name}: {exception.Message}");
            return false;
        }
        finally
        {
            slots.Release();
        }
    }

    [LoggerMessage(EventId = 1400, Level = LogLevel.Warning, Message = "Reminder store failed; retrying at the next poll: {Error}")]
    private static partial void LogStoreFailed(ILogger logger, string error);

    [LoggerMessage(EventId = 1401, Level = LogLevel.Warning, Message = "Reminder {ReminderName} of {GrainId} failed; it is delivered again after its lease ({Lease})")]
    private static partial void LogDeliveryFailed(ILogger logger, string grainId, string reminderName, TimeSpan lease, Exception exception);
}
