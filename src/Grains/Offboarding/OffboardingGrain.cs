using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrleansFlows.Contracts.Offboarding;
using OrleansFlows.Contracts.Tenants;

namespace OrleansFlows.Grains.Offboarding;

/// <summary>
/// A tenant's offboarding. The schedule lives in the tenant's state; this grain holds only the Orleans reminder that
/// runs the deletion at the scheduled time, so the deletion survives a silo restart. The reminder keeps ticking every
/// <see cref="OffboardingOptions.ReminderRetryPeriod"/> until the deletion is complete: a deletion that failed or whose
/// silo died goes on at the next tick. Only this grain calls the tenant grain, never the other way round, so the two
/// never wait on each other.
/// </summary>
[GrainType("offboarding")]
internal sealed partial class OffboardingGrain(
    TenantDataDeletion deletion,
    IOptions<OffboardingOptions> options,
    TimeProvider timeProvider,
    ILogger<OffboardingGrain> logger) : Grain, IOffboardingGrain, IRemindable
{
    private const string DeleteReminder = "delete";

    // The one-shot timer running the deletion, so that a long deletion runs in turns of its own rather than inside the
    // reminder's call (which has a response timeout); null when none runs. Transient: a silo that dies with it leaves
    // the reminder, which starts it again.
    private IGrainTimer? _deleting;

    private TenantId Tenant => TenantId.Parse(this.GetPrimaryKeyString());

    private ITenantGrain TenantGrain => GrainFactory.GetGrain<ITenantGrain>(Tenant.Value);

    private DateTimeOffset Now => timeProvider.GetUtcNow();

    public async Task<TenantOffboarding> ScheduleAsync()
    {
        var offboarding = await TenantGrain.BeginOffboardingAsync(Now + options.Value.GracePeriod);
        await KeepReminderAsync(offboarding.ScheduledFor);
        LogScheduled(logger, Tenant.Value, offboarding.ScheduledFor);
        return offboarding;
    }

    public async Task<TenantView?> CancelAsync()
    {
        var view = await TenantGrain.CancelOffboardingAsync();
        if (view is not null)
        {
            await StopReminderAsync();
            LogCancelled(logger, Tenant.Value);
        }

        return view;
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        var tenant = await TenantGrain.GetAsync();
        if (tenant is { Offboarding: null })
        {
            await StopReminderAsync(); // cancelled, or a tenant created afresh after an earlier offboarding
            return;
        }

        if (tenant?.Offboarding is { } offboarding && offboarding.ScheduledFor > Now)
        {
            await KeepReminderAsync(offboarding.ScheduledFor);
            return;
        }

        // Due, or the tenant is gone already and only this reminder was left: deleting again finds what remains, if anything.
        _deleting ??= this.RegisterGrainTimer(
            async () =>
            {
                try
                {
                    await DeleteAsync();
                }
                finally
                {
                    _deleting?.Dispose();
                    _deleting = null;
                }
            },
            TimeSpan.Zero,
            Timeout.InfiniteTimeSpan);
    }

    private async Task DeleteAsync()
    {
        IReadOnlyDictionary<string, long> counts;
        try
        {
            counts = await deletion.DeleteAsync(Tenant, this.GetGrainId(), CancellationToken.None);
            if (await TenantGrain.DeleteOffboardedAsync())
            {
                counts = new Dictionary<string, long>(counts) { ["tenant"] = 1 };
            }
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            // The reminder stays and fires again after its period; the next run finds what is left.
            LogDeletionFailed(logger, Tenant.Value, exception);
            return;
        }

        await StopReminderAsync();
        LogDeleted(logger, Tenant.Value, string.Join(", ", counts.Select(c => $"{c.Key}={c.Value}")));
        DeactivateOnIdle();
    }

    /// <summary>Points the reminder at <paramref name="dueAt"/>; after that it repeats until the deletion is complete.</summary>
    private async Task KeepReminderAsync(DateTimeOffset dueAt)
    {
        var delay = dueAt - Now;
        await this.RegisterOrUpdateReminder(DeleteReminder, delay > TimeSpan.Zero ? delay : TimeSpan.Zero, options.Value.ReminderRetryPeriod);
    }

    private async Task StopReminderAsync()
    {
        if (await this.GetReminder(DeleteReminder) is { } reminder)
        {
            await this.UnregisterReminder(reminder);
        }
    }

    [LoggerMessage(EventId = OffboardingEventIds.Scheduled, Level = LogLevel.Information, Message = "Tenant {TenantId} is suspended for offboarding; its data is deleted at {ScheduledFor:O}")]
    private static partial void LogScheduled(ILogger logger, string tenantId, DateTimeOffset scheduledFor);

    [LoggerMessage(EventId = OffboardingEventIds.Cancelled, Level = LogLevel.Information, Message = "Offboarding of tenant {TenantId} was cancelled; its suspension is as it was before")]
    private static partial void LogCancelled(ILogger logger, string tenantId);

    [LoggerMessage(EventId = OffboardingEventIds.Deleted, Level = LogLevel.Information, Message = "Tenant {TenantId} was offboarded: it and all its data are deleted ({Counts}); nothing of it remains")]
    private static partial void LogDeleted(ILogger logger, string tenantId, string counts);

    [LoggerMessage(EventId = OffboardingEventIds.DeletionFailed, Level = LogLevel.Warning, Message = "Deleting offboarded tenant {TenantId} failed part way; what it deleted stays deleted, and the next reminder tick goes on")]
    private static partial void LogDeletionFailed(ILogger logger, string tenantId, Exception exception);
}
