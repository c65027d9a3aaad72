using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrleansFlows.Contracts.Leads;
using OrleansFlows.Contracts.Paging;
using OrleansFlows.Contracts.Retention;
using OrleansFlows.Contracts.Tenants;
using OrleansFlows.Grains.Audit;
using OrleansFlows.Grains.Leads;
using OrleansFlows.Grains.Persistence;
using OrleansFlows.Grains.Reconciliation;
using OrleansFlows.Grains.Reconciliation.Scheduling;
using OrleansFlows.Storage.Rows;

namespace OrleansFlows.Grains.Retention;

/// <summary>
/// A tenant's retention. Like reconciliation, it keeps one Orleans reminder at the next run time in the tenant's zone
/// (<see cref="BatchScheduleCalculator"/>). A run goes on in the background, driven by an interleaving grain timer one
/// bounded batch at a time; each batch saves the run's progress (its row in <c>retention_runs</c>) with the state in one
/// write, so reads of the settings and runs answer while it runs, and a run cut off by a silo's death goes on from its
/// last batch. Each lead is deleted by the lead itself, in its own turn, so a lead that is running, waiting, or newer
/// than the setting is never deleted, and its activation can't outlive its state.
/// </summary>
[GrainType("retention")]
public sealed partial class RetentionGrain(
    [PersistentState("state", RowStorageNames.Rows)] IPersistentState<RetentionState> state,
    RetentionRuns runs,
    TenantAuditTrail tenantAudit,
    IOptions<RetentionOptions> options,
    TimeProvider timeProvider,
    IHostApplicationLifetime lifetime,
    ILogger<RetentionGrain> logger) : Grain, IRetentionGrain, IRemindable
{
    private const string RunReminder = "run";

    // The run's batches interleave with other calls: every state write goes through this lock, so that two writes
    // never overlap and rows added for one are never cleared by the other.
    private readonly SemaphoreSlim _writes = new(1, 1);

    // What this activation last wrote to the reminder table; unknown (MinValue) after activation, so the first commit writes it.
    private DateTimeOffset? _reminderDueAt = DateTimeOffset.MinValue;

    // The one-shot timer that runs a night found due at a commit; null when none is pending.
    private IGrainTimer? _dueTimer;

    // The timer that drives the run that is going on; null when none is.
    private IGrainTimer? _driver;

    // Set when the activation ends: the run stops after its batch, and the next activation goes on with it.
    private bool _deactivating;

    private bool Stopping => _deactivating || lifetime.ApplicationStopping.IsCancellationRequested;

    private TenantId Tenant => TenantId.Parse(this.GetPrimaryKeyString());

    private RetentionState Data => state.State;

    private DateTimeOffset Now => timeProvider.GetUtcNow();

    private int CompletedLeadDays => Data.CompletedLeadDays ?? RetentionRules.DefaultCompletedLeadDays;

    private int FailedLeadDays => Data.FailedLeadDays ?? RetentionRules.DefaultFailedLeadDays;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        // A run the previous activation did not finish (its silo stopped) goes on from its last batch.
        DriveRun();
        return Task.CompletedTask;
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        _deactivating = true;
        return Task.CompletedTask;
    }

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
        await CommitAsync(() =>
        {
            Data.CompletedLeadDays = settings.CompletedLeadDays;
            Data.FailedLeadDays = settings.FailedLeadDays;
            Data.RecordDays = settings.RecordDays;
            Data.UpdatedAt = Now;
        });
        return View();
    }

    public async Task BackfillAsync(string timeZone, DateTimeOffset tenantCreatedAt)
    {
        if (!state.RecordExists || Data.TimeZone.Length == 0)
        {
            await EnsureScheduledAsync(timeZone, tenantCreatedAt);
            return;
        }

        // A reminder that exists fires, and its tick moves it on: a fresh activation trusts it rather than writing it again.
        if (_reminderDueAt == DateTimeOffset.MinValue && Data.Running is null && await this.GetReminder(RunReminder) is not null)
        {
            _reminderDueAt = NextRunAt();
            return;
        }

        await KeepReminderAsync();
    }

    public async Task EnsureScheduledAsync(string timeZone, DateTimeOffset tenantCreatedAt)
    {
        if (state.RecordExists && Data.TimeZone == timeZone && Data.TenantCreatedAt == tenantCreatedAt)
        {
            await KeepReminderAsync();
            return;
        }

        await CommitAsync(() =>
        {
            Data.TimeZone = timeZone;
            Data.TenantCreatedAt = tenantCreatedAt;
        });
    }

    public async Task<RetentionRunView> StartRunAsync(string? requestedByKeyId)
    {
        await ReadTenantOnceAsync();
        return await BeginRunAsync("manual", requestedByKeyId, dueDate: null);
    }

    public Task<RetentionRunView?> GetRunAsync(string runId) => runs.GetAsync(Tenant, runId, CancellationToken.None);

    public Task<Page<RetentionRunView>> ListRunsAsync(int limit, string? cursor) => runs.ListAsync(Tenant, limit, cursor, CancellationToken.None);

    public Task ReceiveReminder(string reminderName, TickStatus status) => RunDueAsync();

    /// <summary>Starts the due night, if one is and no run is going on, or moves the reminder on to the next.</summary>
    private async Task RunDueAsync()
    {
        if (Data.TimeZone.Length == 0)
        {
            await KeepReminderAsync(); // no tenant profile yet: nothing is scheduled
            return;
        }

        if (Data.Running is not null)
        {
            DriveRun(); // the night waits for the run that is going on; the reminder fires again
            return;
        }

        if (BatchScheduleCalculator.NextDueBusinessDate(Schedule, Data.LastRunDate, Now, CreatedDate, lookBackDays: 1) is { } due)
        {
            await BeginRunAsync("scheduled", null, due);
            return;
        }

        await CommitAsync(() => { });
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

    /// <summary>Records a new run as running, with its cut-off times fixed now, and starts driving it.</summary>
    private async Task<RetentionRunView> BeginRunAsync(string trigger, string? requestedBy, DateOnly? dueDate)
    {
        RetentionRunView? started = null;
        await CommitAsync(() =>
        {
            // Checked under the write lock: a run that started while this call waited for it is the one that goes on.
            if (Data.Running is { } running)
            {
                throw new RetentionRunConflictException(
                    $"Retention run '{running.RunId}' is still running; start another once it has finished (GET /v1/retention/runs/{running.RunId}).");
            }

            // Whole milliseconds, as every store keeps them: the start answered is the start read back.
            var now = Now;
            now = now.AddTicks(-(now.Ticks % TimeSpan.TicksPerMillisecond));
            Data.Runs++;
            Data.Running = new RetentionRunState
            {
                RunId = RetentionRuns.RunId(Data.Runs),
                Trigger = trigger,
                RequestedBy = requestedBy,
                StartedAt = now,
                DueDate = dueDate,
                CompletedBefore = now - TimeSpan.FromDays(CompletedLeadDays),
                FailedBefore = now - TimeSpan.FromDays(FailedLeadDays),
                RecordsBefore = Data.RecordDays is { } days ? now - TimeSpan.FromDays(days) : null,
                Phase = RetentionRunPhase.TenantAudit,
            };
            started = RunView(Data.Running, RetentionRunStatus.Running, moreDue: false, error: null);
            Data.PendingRows.Add(RetentionRuns.Row(Tenant, started, now));
        });

        if (requestedBy is not null)
        {
            LogRunRequested(logger, Tenant.Value, started!.RunId, requestedBy);
        }

        DriveRun();
        return started!;
    }

    /// <summary>Starts the timer that takes the run's batches, unless it is already going or no run is.</summary>
    private void DriveRun()
    {
        if (Data.Running is null || _driver is not null)
        {
            return;
        }

        _driver = this.RegisterGrainTimer(
            _ => TakeBatchesAsync(),
            (object?)null,
            new GrainTimerCreationOptions(TimeSpan.Zero, Timeout.InfiniteTimeSpan) { Interleave = true, KeepAlive = true });
    }

    /// <summary>Takes the run's batches one after the other, saving its progress with each, until it ends.</summary>
    private async Task TakeBatchesAsync()
    {
        try
        {
            while (Data.Running is { } run)
            {
                if (Stopping)
                {
                    // The silo stops: the run stays as its last batch saved it, and its reminder wakes it on a silo that runs.
                    return;
                }

                BatchResult result;
                try
                {
                    // The batch limit is checked before every batch: what is still due then waits for the next run.
                    result = run.Batches >= options.Value.MaxBatchesPerRun
                        ? BatchResult.Limit
                        : await TakeBatchAsync(run);
                }
                catch (Exception exception) when (exception is not OutOfMemoryException && Stopping)
                {
                    // Cut off by the silo's stop, not failed: the next activation takes the batch again, and what it
                    // deleted is no longer due.
                    LogRunInterrupted(logger, Tenant.Value, run.RunId, exception);
                    await SaveProgressAsync(run);
                    return;
                }
                catch (Exception exception) when (exception is not OutOfMemoryException)
                {
                    LogRunFailed(logger, Tenant.Value, exception);
                    await FinishAsync(run, RetentionRunStatus.Failed, moreDue: false, exception.Message);
                    return;
                }

                if (result.Ended || result.LimitReached)
                {
                    await FinishAsync(run, RetentionRunStatus.Completed, result.LimitReached, error: null);
                    return;
                }

                await SaveProgressAsync(run);
            }
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            // The progress write failed and the activation is dropped; the next activation goes on from the last saved batch.
            LogRunFailed(logger, Tenant.Value, exception);
        }
        finally
        {
            _driver?.Dispose();
            _driver = null;
        }
    }

    /// <summary>
    /// One batch of the run's current phase, or none when the phase has nothing left (the run moves to the next). The
    /// run's counts and position change in memory only; the caller saves them.
    /// </summary>
    private async Task<BatchResult> TakeBatchAsync(RetentionRunState run)
    {
        var batchSize = options.Value.BatchSize;
        while (true)
        {
            switch (run.Phase)
            {
                case RetentionRunPhase.CompletedLeads or RetentionRunPhase.FailedLeads:
                    var status = run.Phase == RetentionRunPhase.CompletedLeads ? LeadStatus.Completed : LeadStatus.Failed;
                    var before = run.Phase == RetentionRunPhase.CompletedLeads ? run.CompletedBefore : run.FailedBefore;
                    (DateTimeOffset, string)? after = run.AfterAt is { } at ? (at, run.AfterId!) : null;
                    var due = await runs.DueLeadsAsync(Tenant, LeadRows.StatusName(status), before, after, batchSize, CancellationToken.None);
                    if (due.Count == 0)
                    {
                        NextPhase(run);
                        continue;
                    }

                    // The lead decides in its own turn: one retried since this query is no longer due and stays.
                    var deletions = due.Select(d =>
                        GrainFactory.GetGrain<ILeadGrain>(LeadKey.Create(Tenant, d.LeadId).ToString()).DeleteIfFinishedBeforeAsync(run.CompletedBefore, run.FailedBefore)).ToList();
                    Exception? failure = null;
                    try
                    {
                        await Task.WhenAll(deletions);
                    }
                    catch (Exception exception) when (exception is not OutOfMemoryException)
                    {
                        failure = exception;
                    }

                    // The deletions that happened count even when another failed; the batch is then taken again, and
                    // the leads it deleted are no longer due.
                    var deleted = deletions.Count(d => d.IsCompletedSuccessfully && d.Result is not null);
                    if (status == LeadStatus.Completed)
                    {
                        run.CompletedLeads += deleted;
                    }
                    else
                    {
                        run.FailedLeads += deleted;
                    }

                    if (failure is not null)
                    {
                        System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(failure);
                    }

                    run.Batches++;
                    if (due.Count < batchSize)
                    {
                        NextPhase(run);
                    }
                    else
                    {
                        (run.AfterAt, run.AfterId) = (due[^1].UpdatedAt, due[^1].LeadId);
                    }

                    return run.Phase == RetentionRunPhase.Done ? BatchResult.End : BatchResult.More;

                case RetentionRunPhase.TenantAudit:
                    var entries = await tenantAudit.DeleteBeforeAsync(Tenant, run.FailedBefore, batchSize, CancellationToken.None);
                    if (entries < batchSize)
                    {
                        NextPhase(run);
                    }

                    if (entries == 0)
                    {
                        continue;
                    }

                    run.Batches++;
                    return run.Phase == RetentionRunPhase.Done ? BatchResult.End : BatchResult.More;

                case RetentionRunPhase.Records when run.RecordsBefore is { } recordsBefore:
                    var count = await runs.DeleteRecordsAsync(Tenant, recordsBefore, batchSize, CancellationToken.None);
                    if (count == 0)
                    {
                        return BatchResult.End;
                    }

                    run.Records += count;
                    run.Batches++;
                    return count < batchSize ? BatchResult.End : BatchResult.More;

                default:
                    return BatchResult.End;
            }
        }
    }

    /// <summary>Saves the run's counts and position with its row, still running.</summary>
    private Task SaveProgressAsync(RetentionRunState run) =>
        CommitAsync(() => Data.PendingRows.Add(RetentionRuns.Row(Tenant, RunView(run, RetentionRunStatus.Running, false, null), Now)));

    private static void NextPhase(RetentionRunState run)
    {
        run.Phase = run.Phase switch
        {
            RetentionRunPhase.TenantAudit => RetentionRunPhase.CompletedLeads,
            RetentionRunPhase.CompletedLeads => RetentionRunPhase.FailedLeads,
            RetentionRunPhase.FailedLeads when run.RecordsBefore is not null => RetentionRunPhase.Records,
            _ => RetentionRunPhase.Done,
        };
        (run.AfterAt, run.AfterId) = (null, null);
    }

    /// <summary>Ends the run: its final row, and for a scheduled run its night as the last run date, in one write.</summary>
    private async Task FinishAsync(RetentionRunState run, string status, bool moreDue, string? error)
    {
        var finished = RunView(run, status, moreDue, error) with { FinishedAt = Now };
        await CommitAsync(() =>
        {
            // A failed run still moves the date on: it records its error, and the next night tries again.
            if (run.DueDate is { } due)
            {
                Data.LastRunDate = due;
            }

            Data.Running = null;
            Data.PendingRows.Add(RetentionRuns.Row(Tenant, finished, Now));
        });
        LogRunFinished(logger, Tenant.Value, finished.RunId, finished.Status, finished.CompletedLeads, finished.FailedLeads, finished.Records, finished.Batches);
    }

    private static RetentionRunView RunView(RetentionRunState run, string status, bool moreDue, string? error) => new(
        run.RunId, run.Trigger, status, run.StartedAt, null, run.CompletedLeads, run.FailedLeads, run.Records, run.Batches, moreDue, error, run.RequestedBy);

    /// <summary>
    /// Applies <paramref name="change"/> and writes the state with its rows under the write lock, then keeps the reminder.
    /// Throws what <paramref name="change"/> throws, having written nothing.
    /// </summary>
    private async Task CommitAsync(Action change)
    {
        await _writes.WaitAsync();
        try
        {
            change();
            await state.WriteOrDeactivateAsync(this, logger);
            await KeepReminderAsync();
        }
        finally
        {
            _writes.Release();
        }

        if (Data.Running is null && NextRunAt() is { } next && next <= Now && _dueTimer is null)
        {
            // A night is due already (new settings, a silo that was down): it starts in a turn of its own at once, rather
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
    /// Points the one reminder at the next run, or, while a run is going on, at its start: Orleans reminders are periodic,
    /// so it keeps ticking every <see cref="RetentionOptions.ReminderRetryPeriod"/> after its due time until a tick moves
    /// it on, and a silo that died in a run leaves a reminder that wakes the run again.
    /// </summary>
    private async Task KeepReminderAsync()
    {
        var wake = Data.Running?.StartedAt ?? NextRunAt();
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

    [LoggerMessage(EventId = RetentionEventIds.RunFinished, Level = LogLevel.Information, Message = "Retention run {RunId} of tenant {TenantId} ended {Status}: deleted {CompletedLeads} completed and {FailedLeads} failed leads and {Records} records in {Batches} batches")]
    private static partial void LogRunFinished(ILogger logger, string tenantId, string runId, string status, int completedLeads, int failedLeads, int records, int batches);

    [LoggerMessage(EventId = RetentionEventIds.RunFailed, Level = LogLevel.Warning, Message = "Retention run of tenant {TenantId} failed part way; what it deleted stays deleted")]
    private static partial void LogRunFailed(ILogger logger, string tenantId, Exception exception);

    [LoggerMessage(EventId = RetentionEventIds.RunInterrupted, Level = LogLevel.Information, Message = "Retention run {RunId} of tenant {TenantId} was cut off by the silo's stop; it goes on from its last saved batch")]
    private static partial void LogRunInterrupted(ILogger logger, string tenantId, string runId, Exception exception);

    [LoggerMessage(EventId = RetentionEventIds.RunRequested, Level = LogLevel.Information, Message = "Retention run {RunId} of tenant {TenantId} started with API key {KeyId}")]
    private static partial void LogRunRequested(ILogger logger, string tenantId, string runId, string keyId);

    /// <summary>What a batch left: more to do, the end of the run, or the run's batch limit with more possibly due.</summary>
    private readonly record struct BatchResult(bool Ended, bool LimitReached)
    {
        public static BatchResult More => new(false, false);

        public static BatchResult End => new(true, false);

        public static BatchResult Limit => new(false, true);
    }
}
