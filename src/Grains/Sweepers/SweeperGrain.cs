using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrleansFlows.Contracts.Leads;
using OrleansFlows.Grains.Leads;

namespace OrleansFlows.Grains.Sweepers;

/// <summary>
/// Wakes due leads of one partition. While active it sweeps every <see cref="LeadOptions.SweepInterval"/> on a grain
/// timer that keeps it alive; its Orleans reminder reactivates it after a silo failure or restart.
/// </summary>
[GrainType("sweeper")]
public sealed partial class SweeperGrain(
    LeadWakeIndex index,
    IOptions<LeadOptions> options,
    TimeProvider timeProvider,
    ILogger<SweeperGrain> logger) : Grain, ISweeperGrain, IRemindable
{
    private const string KeepAliveReminder = "keep-alive";

    // The reminder only brings the sweeper back; Orleans' default minimum period is a minute.
    private static readonly TimeSpan ReminderPeriod = TimeSpan.FromMinutes(1);

    private int Partition => int.Parse(this.GetPrimaryKeyString(), CultureInfo.InvariantCulture);

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        this.RegisterGrainTimer(
            static (grain, cancellation) => grain.SweepAsync(cancellation),
            this,
            new GrainTimerCreationOptions { DueTime = options.Value.SweepInterval, Period = options.Value.SweepInterval, KeepAlive = true });
        return Task.CompletedTask;
    }

    public async Task StartAsync() => await this.RegisterOrUpdateReminder(KeepAliveReminder, ReminderPeriod, ReminderPeriod);

    public Task PingAsync() => Task.CompletedTask;

    public Task ReceiveReminder(string reminderName, TickStatus status) => Task.CompletedTask;

    private async Task SweepAsync(CancellationToken cancellationToken)
    {
        IReadOnlyList<DueLead> due;
        try
        {
            due = await index.FindDueAsync(Partition, timeProvider.GetUtcNow(), options.Value.SweepBatchSize, cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // The store may be down; the next sweep tries again, and nothing was lost: the wake times are in the rows.
            LogSweepFailed(logger, Partition, exception);
            return;
        }

        if (due.Count > 0)
        {
            LogWaking(logger, Partition, due.Count);
        }

        // Sixteen wake calls at a time, awaited on this grain's scheduler so the grain context stays with them.
        foreach (var chunk in due.Chunk(16))
        {
            await Task.WhenAll(chunk.Select(WakeAsync));
        }
    }

    private async Task WakeAsync(DueLead due)
    {
        try
        {
            // Measured when the call goes out, as the lead's own timer is measured when it fires.
            LeadMetrics.RecordWakeLag(timeProvider.GetUtcNow() - due.WakeAt, LeadMetrics.WokenBySweeper);
            await GrainFactory.GetGrain<ILeadGrain>(due.Lead.ToString()).WakeAsync();
        }
        catch (Exception exception)
        {
            // One lead that can't wake (its store write failed) must not stop the others; its row stays due.
            LogWakeFailed(logger, due.Lead.ToString(), exception);
        }
    }

    [LoggerMessage(EventId = 3108, Level = LogLevel.Debug, Message = "Sweeper {Partition} wakes {Count} due lead(s)")]
    private static partial void LogWaking(ILogger logger, int partition, int count);

    [LoggerMessage(EventId = 3100, Level = LogLevel.Warning, Message = "Sweeper {Partition} could not read due leads; it tries again at its next sweep")]
    private static partial void LogSweepFailed(ILogger logger, int partition, Exception exception);

    [LoggerMessage(EventId = 3101, Level = LogLevel.Warning, Message = "Lead {LeadKey} could not be woken; it stays due for the next sweep")]
    private static partial void LogWakeFailed(ILogger logger, string leadKey, Exception exception);
}
