using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrleansFlows.Contracts.Leads;
using OrleansFlows.Contracts.Paging;
using OrleansFlows.Contracts.Retention;
using OrleansFlows.Contracts.Tenants;
using OrleansFlows.Grains.Leads;
using OrleansFlows.Grains.Persistence;
using OrleansFlows.Grains.Reconciliation;
using OrleansFlows.Grains.Reconciliation.Scheduling;
using OrleansFlows.Storage.Rows;

namespace OrleansFlows.Grains.Retention;

/// <summary>
/// A tenant's retention. Like reconciliation, it keeps one Orleans reminder at the next run time in the tenant's zone
/// (<see cref="BatchScheduleCalculator"/>); a run deletes what is due in bounded batches, then commits its run row with
/// the state in one write. Each lead is deleted by the lead itself, in its own turn, so a lead that is running,
/// waiting, or newer than the setting is never deleted, and its activation can't outlive its state.
/// </summary>
[GrainType("retention")]
public sealed partial class RetentionGrain(
    [PersistentState("state", RowStorageNames.Rows)] IPersistentState<RetentionState> state,
    RetentionRuns runs,
    IOptions<RetentionOptions> options,
    TimeProvider timeProvider,
    ILogger<RetentionGrain> logger) : Grain, IRetentionGrain, IRemindable
{
    private const string RunReminder = "run";

    // What this activation last wrote to the reminder table; unknown (MinValue) after activation, so the first commit writes it.
    private DateTimeOffset? _reminderDueAt = DateTimeOffset.MinValue;

    // The one-shot timer that runs a night found due at a commit; null when none is pending.
    private IGrainTimer? _dueTimer;

    private TenantId Tenant => TenantId.Parse(this.GetPrimaryKeyString());

    private RetentionState Data => state.State;

    private DateTimeOffset Now => timeProvider.GetUtcNow();

    private int CompletedLeadDays => Data.CompletedLeadDays ?? RetentionRules.DefaultCompletedLeadDays;

    private int FailedLeadDays => Data.FailedLeadDays ?? RetentionRules.DefaultFailedLeadDays;

    public async Task<RetentionSettingsView> GetSettingsAsync()
    {
        await ReadTenantOnceAsync();
        return View();
    }

    public async Task<RetentionSettingsView> SetSettingsAsync(RetentionSettings settings)
    {
        var errors = RetentionRules.Validate(settings);
        if (errors.Count > 0)
        {
            throw new TenantValidationException(errors);
        }

        await ReadTenantOnceAsync();
        Data.CompletedLeadDays = settings.CompletedLeadDays;
        Data.FailedLeadDays = settings.FailedLeadDays;
        Data.RecordDays = settings.RecordDays;
        Data.UpdatedAt = Now;
        await CommitAsync();
        return View();
    }

    public async Task EnsureScheduledAsync(string timeZone, DateTimeOffset tenantCreatedAt)
    {
        if (state.RecordExists && Data.TimeZone == timeZone && Data.TenantCreatedAt == tenantCreatedAt)
        {
            await KeepReminderAsync();
            return;
        }

        Data.TimeZone = timeZone;
        Data.TenantCreatedAt = tenantCreatedAt;
        await CommitAsync();
    }

    public async Task<RetentionRunView> RunNowAsync()
    {
        await ReadTenantOnceAsync();
        var run = await RunAsync("manual");
        await CommitAsync();
        return run;
    }

    public Task<Page<RetentionRunView>> ListRunsAsync(int limit, string? cursor) => runs.ListAsync(Tenant, limit, cursor, CancellationToken.None);

    public Task ReceiveReminder(string reminderName, TickStatus status) => RunDueAsync();

    /// <summary>Runs the due night, if one is, and moves the reminder on to the next.</summary>
    private async Task RunDueAsync()
    {
        if (Data.TimeZone.Length == 0)
        {
            await KeepReminderAsync(); // no tenant profile yet: nothing is scheduled
            return;
        }

        if (BatchScheduleCalculator.NextDueBusinessDate(Schedule, Data.LastRunDate, Now, CreatedDate, lookBackDays: 1) is { } due)
        {
            // A failed run still moves the date on: it records its error, and the next night tries again.
            await RunAsync("scheduled");
            Data.LastRunDate = due;
        }

        await CommitAsync();
    }

    private BatchSchedule Schedule => new(options.Value.DailyAt, Data.TimeZone);

    private DateOnly CreatedDate => BatchScheduleCalculator.BusinessDateAt(Data.TenantCreatedAt, Schedule);

    /// <summary>
    /// Reads the tenant's zone and creation time, which place the nightly run, unless the tenant already gave them
    /// (<see cref="EnsureScheduledAsync"/>, with every profile change): asking the tenant while it asks this grain would wait on each other.
    /// </summary>
    private async Task ReadTenantOnceAsync()
    {
        if (Data.TimeZone.Length > 0)
        {
            return;
        }

        var tenant = await GrainFactory.GetGrain<ITenantGrain>(Tenant.Value).GetAsync() ?? throw new TenantNotFoundException(Tenant.Value);
        Data.TimeZone = tenant.Profile.TimeZone;
        Data.TenantCreatedAt = tenant.CreatedAt;
    }

    /// <summary>Deletes what is due, batch by batch, up to the run's batch limit; the run's row goes with the next commit.</summary>
    private async Task<RetentionRunView> RunAsync(string trigger)
    {
        var startedAt = Now;
        var budget = new RunBudget(options.Value.MaxBatchesPerRun);
        int completed = 0, failed = 0, records = 0;
        string? error = null;
        try
        {
            completed = await DeleteLeadsAsync(LeadStatus.Completed, startedAt - TimeSpan.FromDays(CompletedLeadDays), startedAt, budget);
            failed = await DeleteLeadsAsync(LeadStatus.Failed, startedAt - TimeSpan.FromDays(FailedLeadDays), startedAt, budget);
            if (Data.RecordDays is { } recordDays)
            {
                records = await DeleteRecordsAsync(startedAt - TimeSpan.FromDays(recordDays), budget);
            }
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            error = exception.Message;
            LogRunFailed(logger, Tenant.Value, exception);
        }

        Data.Runs++;
        var run = new RetentionRunView(
            RetentionRuns.RunId(Data.Runs), trigger, error is null ? "completed" : "failed", startedAt, Now, completed, failed, records, budget.Used, budget.Exhausted, error);
        Data.PendingRows.Add(RetentionRuns.Row(Tenant, run));
        LogRunFinished(logger, Tenant.Value, run.RunId, completed, failed, records, budget.Used);
        return run;
    }

    private async Task<int> DeleteLeadsAsync(LeadStatus status, DateTimeOffset before, DateTimeOffset startedAt, RunBudget budget)
    {
        var completedBefore = startedAt - TimeSpan.FromDays(CompletedLeadDays);
        var failedBefore = startedAt - TimeSpan.FromDays(FailedLeadDays);
        var batchSize = options.Value.BatchSize;
        (DateTimeOffset, string)? after = null;
        var deleted = 0;
        while (budget.Take())
        {
            var due = await runs.DueLeadsAsync(Tenant, LeadRows.StatusName(status), before, after, batchSize, CancellationToken.None);
            if (due.Count == 0)
            {
                budget.GiveBack();
                break;
            }

            // The lead decides in its own turn: one retried since this query is no longer due and stays.
            var results = await Task.WhenAll(due.Select(d =>
                GrainFactory.GetGrain<ILeadGrain>(LeadKey.Create(Tenant, d.LeadId).ToString()).DeleteIfFinishedBeforeAsync(completedBefore, failedBefore)));
            deleted += results.Count(r => r is not null);
            if (due.Count < batchSize)
            {
                return deleted;
            }

            after = (due[^1].UpdatedAt, due[^1].LeadId);
        }

        return deleted;
    }

    private async Task<int> DeleteRecordsAsync(DateTimeOffset before, RunBudget budget)
    {
        var batchSize = options.Value.BatchSize;
        var deleted = 0;
        while (budget.Take())
        {
            var count = await runs.DeleteRecordsAsync(Tenant, before, batchSize, CancellationToken.None);
            deleted += count;
            if (count < batchSize)
            {
                if (count == 0)
                {
                    budget.GiveBack();
                }

                break;
            }
        }

        return deleted;
    }

    private async Task CommitAsync()
    {
        await state.WriteOrDeactivateAsync(this, logger);
        await KeepReminderAsync();
        if (NextRunAt() is { } next && next <= Now && _dueTimer is null)
        {
            // A night is due already (new settings, a silo that was down): it runs in a turn of its own at once, rather
            // than when the reminder service gets to an overdue reminder.
            _dueTimer = this.RegisterGrainTimer(async () =>
            {
                _dueTimer?.Dispose();
                _dueTimer = null;
                await RunDueAsync();
            }, TimeSpan.Zero, Timeout.InfiniteTimeSpan);
        }
    }

    /// <summary>
    /// Points the one reminder at the next run. Orleans reminders are periodic, so it keeps ticking every
    /// <see cref="RetentionOptions.ReminderRetryPeriod"/> after its due time until a tick moves it on: a silo that died
    /// in a run leaves a reminder that fires again.
    /// </summary>
    private async Task KeepReminderAsync()
    {
        var wake = NextRunAt();
        if (wake == _reminderDueAt)
        {
            return;
        }

        if (wake is { } due)
        {
            var delay = due - Now;
            await this.RegisterOrUpdateReminder(RunReminder, delay > TimeSpan.Zero ? delay : TimeSpan.Zero, options.Value.ReminderRetryPeriod);
        }
        else if (await this.GetReminder(RunReminder) is { } existing)
        {
            await this.UnregisterReminder(existing);
        }

        _reminderDueAt = wake;
    }

    private DateTimeOffset? NextRunAt() => Data.TimeZone.Length == 0
        ? null
        : BatchScheduleCalculator.NextRunInstant(Schedule, Data.LastRunDate, Now, CreatedDate, lookBackDays: 1);

    private RetentionSettingsView View() => new(
        CompletedLeadDays, FailedLeadDays, Data.RecordDays, Data.TimeZone, ScheduleRules.Format(options.Value.DailyAt), Data.LastRunDate, NextRunAt(), Data.UpdatedAt);

    [LoggerMessage(EventId = RetentionEventIds.RunFinished, Level = LogLevel.Information, Message = "Retention run {RunId} of tenant {TenantId} deleted {CompletedLeads} completed and {FailedLeads} failed leads and {Records} records in {Batches} batches")]
    private static partial void LogRunFinished(ILogger logger, string tenantId, string runId, int completedLeads, int failedLeads, int records, int batches);

    [LoggerMessage(EventId = RetentionEventIds.RunFailed, Level = LogLevel.Warning, Message = "Retention run of tenant {TenantId} failed part way; what it deleted stays deleted")]
    private static partial void LogRunFailed(ILogger logger, string tenantId, Exception exception);

    /// <summary>The batches a run may still take.</summary>
    private sealed class RunBudget(int max)
    {
        public int Used { get; private set; }

        /// <summary>True when the run stopped at its limit: more may be due.</summary>
        public bool Exhausted { get; private set; }

        public bool Take()
        {
            if (Used >= max)
            {
                Exhausted = true;
                return false;
            }

            Used++;
            return true;
        }

        /// <summary>An empty batch deleted nothing and does not count.</summary>
        public void GiveBack() => Used--;
    }
}
