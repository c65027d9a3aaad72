using OrleansFlows.Contracts.Reconciliation;
using OrleansFlows.Grains.Reconciliation.Scheduling;
using OrleansFlows.Grains.Persistence;
using OrleansFlows.Storage;

namespace OrleansFlows.Grains.Reconciliation;

public sealed partial class ReconciliationGrain
{
    private const string RunReminder = "run";

    // The due date is "scheduled" when it starts this soon after its run time; later, it is a catch-up of a missed run.
    private static readonly TimeSpan CatchUpAfter = TimeSpan.FromMinutes(15);

    // What this activation last wrote to the reminder table; unknown (null) after activation, so the first commit writes it.
    private IGrainReminder? _reminder;
    private DateTimeOffset? _reminderDueAt = DateTimeOffset.MinValue;

    private DateTimeOffset Now => timeProvider.GetUtcNow();

    /// <summary>Starts the earliest due date that has not run, if nothing runs now. Dates a manual run completed are passed over.</summary>
    private async Task StartNextDueAsync(RunCommit commit)
    {
        if (Data.Schedule is not { } schedule || Data.Active is not null)
        {
            return;
        }

        var batch = ScheduleRules.ToBatchSchedule(schedule);
        var now = Now;
        var created = BatchScheduleCalculator.BusinessDateAt(Data.TenantCreatedAt, batch);
        var due = BatchScheduleCalculator.DueBusinessDates(batch, Data.LastCompletedBusinessDate, now, created, schedule.LookBackDays);
        for (var i = 0; i < due.Count; i++)
        {
            var date = due[i];
            var (latest, completed) = await runs.GetAttemptsAsync(Tenant, date, CancellationToken.None);
            if (completed is not null)
            {
                Data.LastCompletedBusinessDate = date;
                continue;
            }

            var onTime = i == due.Count - 1 && now - BatchScheduleCalculator.RunInstant(date, batch) <= CatchUpAfter;
            Start(date, latest + 1, onTime ? ReconciliationTrigger.Scheduled : ReconciliationTrigger.CatchUp, commit);
            return;
        }
    }

    private void Start(DateOnly date, int attempt, ReconciliationTrigger trigger, RunCommit commit)
    {
        var now = Now;
        Data.Active = new ActiveRun { BusinessDate = date, Attempt = attempt, Trigger = trigger, StartedAt = now, ResumeAt = now + options.Value.RunTimeout };
        commit.Rows.Add(ReconciliationRows.Started(Tenant, Data.Active));
        commit.Dispatch = true;
    }

    private async Task CommitAsync(RunCommit commit)
    {
        Data.PendingRows.AddRange(commit.Rows);
        await state.WriteOrDeactivateAsync(this, logger);
        await KeepReminderAsync();
        if (commit.Dispatch && Data.Active is { } active && Data.Schedule is { } schedule)
        {
            var monthly = BatchScheduleCalculator.IsMonthlyReportDate(active.BusinessDate, ScheduleRules.ToBatchSchedule(schedule));
            dispatcher.Dispatch(new ReconciliationWork(Tenant, active.BusinessDate, active.Attempt, active.Trigger, BatchSettings.From(schedule), monthly));
        }
    }

    /// <summary>
    /// Points the one reminder at <see cref="NextWake"/>. Orleans reminders are periodic and written apart from the state,
    /// so the reminder keeps ticking every <see cref="ReconciliationOptions.ReminderRetryPeriod"/> after its due time until
    /// a tick moves it on: a crash between the state write and this call leaves an older reminder that still fires and
    /// recomputes. The reminder is written only when its due time changes.
    /// </summary>
    private async Task KeepReminderAsync()
    {
        var wake = NextWake();
        if (wake == _reminderDueAt)
        {
            return;
        }

        if (wake is { } due)
        {
            var delay = due - Now;
            _reminder = await this.RegisterOrUpdateReminder(RunReminder, delay > TimeSpan.Zero ? delay : TimeSpan.Zero, options.Value.ReminderRetryPeriod);
        }
        else if ((_reminder ??= await this.GetReminder(RunReminder)) is { } existing)
        {
            await this.UnregisterReminder(existing);
            _reminder = null;
        }

        _reminderDueAt = wake;
    }

    /// <summary>The one reminder's due time: the resume deadline of the run in progress, else the next scheduled run.</summary>
    private DateTimeOffset? NextWake()
    {
        if (Data.Active is { } active)
        {
            return active.ResumeAt;
        }

        if (Data.Schedule is not { } schedule)
        {
            return null;
        }

        var batch = ScheduleRules.ToBatchSchedule(schedule);
        var created = BatchScheduleCalculator.BusinessDateAt(Data.TenantCreatedAt, batch);
        return BatchScheduleCalculator.NextRunInstant(batch, Data.LastCompletedBusinessDate, Now, created, schedule.LookBackDays);
    }

    private ReconciliationScheduleView? View() => Data.Schedule is { } s
        ? new ReconciliationScheduleView(
            ScheduleRules.Format(s.DailyAt), s.TimeZone, s.MonthlyReportDay, s.LookBackDays, s.Connection, s.Path, s.ChunkSize, s.NotifyConnection,
            Data.LastCompletedBusinessDate, Data.Active is null ? NextWake() : null, Data.UpdatedAt)
        : null;

    /// <summary>What one turn writes with the state, and whether it hands the active run to the executor afterwards.</summary>
    private sealed class RunCommit
    {
        public List<ProjectionWrite> Rows { get; } = [];

        public bool Dispatch { get; set; }
    }
}
