using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrleansFlows.Contracts.Reconciliation;
using OrleansFlows.Contracts.Tenants;
using OrleansFlows.Grains.Reconciliation.Scheduling;
using OrleansFlows.Storage.Rows;

namespace OrleansFlows.Grains.Reconciliation;

/// <summary>
/// A tenant's nightly reconciliation. It keeps one Orleans reminder: the next due run, or the resume deadline of the
/// run in progress. Every change commits the state and the run rows in one write, then moves the reminder, and only
/// then hands batch work to the executor, which reports back through <see cref="CompleteRunAsync"/>.
/// </summary>
[GrainType("reconciliation")]
public sealed partial class ReconciliationGrain(
    [PersistentState("state", RowStorageNames.Rows)] IPersistentState<ReconciliationState> state,
    ReconciliationRuns runs,
    IReconciliationDispatcher dispatcher,
    IOptions<ReconciliationOptions> options,
    TimeProvider timeProvider,
    ILogger<ReconciliationGrain> logger) : Grain, IReconciliationGrain, IRemindable
{
    private TenantId Tenant => TenantId.Parse(this.GetPrimaryKeyString());

    private ReconciliationState Data => state.State;

    public Task<ReconciliationScheduleView?> GetScheduleAsync() => Task.FromResult(View());

    public async Task<ReconciliationScheduleView> SetScheduleAsync(ReconciliationSchedule schedule)
    {
        var tenantGrain = GrainFactory.GetGrain<ITenantGrain>(Tenant.Value);
        var tenant = await tenantGrain.GetAsync() ?? throw new TenantNotFoundException(Tenant.Value);
        var connections = (await tenantGrain.ListConnectionsAsync()).ToDictionary(c => c.Name, c => c.Kind);
        var (stored, errors) = ScheduleRules.Validate(schedule, connections);
        if (stored is null)
        {
            throw new TenantValidationException(errors);
        }

        Data.Schedule = stored;
        Data.TenantCreatedAt = tenant.CreatedAt;
        Data.UpdatedAt = Now;
        var commit = new RunCommit();
        await StartNextDueAsync(commit); // the new time or zone may make a date due at once
        await CommitAsync(commit);
        return View()!;
    }

    public async Task<ReconciliationRunView> StartRunAsync(StartReconciliationRun request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var schedule = Data.Schedule ?? throw Invalid(
            "schedule", "No reconciliation schedule is set; PUT /v1/reconciliation/schedule first (it names the time zone and the receiving connection).");
        var batch = ScheduleRules.ToBatchSchedule(schedule);
        var date = request.BusinessDate;
        var today = new BatchClock(timeProvider).Today(batch);
        if (date > today)
        {
            throw Invalid("businessDate", $"'{ReconciliationRows.DateText(date)}' is in the future: the tenant's today is {ReconciliationRows.DateText(today)} in {schedule.TimeZone}.");
        }

        var created = BatchScheduleCalculator.BusinessDateAt(Data.TenantCreatedAt, batch);
        if (date < created)
        {
            throw Invalid("businessDate", $"'{ReconciliationRows.DateText(date)}' is before the tenant was created ({ReconciliationRows.DateText(created)}); there is nothing to reconcile.");
        }

        if (Data.Active is { } active)
        {
            throw new ReconciliationConflictException(active.BusinessDate == date
                ? $"Run {ReconciliationRows.RunId(date, active.Attempt)} of {ReconciliationRows.DateText(date)} is in progress since {active.StartedAt:O}; runs of a date never overlap. Try again when it has finished."
                : $"Run {ReconciliationRows.RunId(active.BusinessDate, active.Attempt)} is in progress; a tenant runs one batch at a time. Try again when it has finished.");
        }

        var (latest, completed) = await runs.GetAttemptsAsync(Tenant, date, CancellationToken.None);
        if (completed is { } done && !request.Force)
        {
            throw new ReconciliationConflictException(
                $"{ReconciliationRows.DateText(date)} already completed in run {ReconciliationRows.RunId(date, done)}; send \"force\": true to run it again as attempt {latest + 1}.");
        }

        var commit = new RunCommit();
        Start(date, latest + 1, completed is null ? ReconciliationTrigger.Manual : ReconciliationTrigger.Forced, commit);
        await CommitAsync(commit);
        var run = Data.Active!;
        return new ReconciliationRunView(
            ReconciliationRows.RunId(run.BusinessDate, run.Attempt), run.BusinessDate, run.Attempt, run.Trigger, ReconciliationRunStatus.Running, run.StartedAt, null, null, [], null);
    }

    public async Task CompleteRunAsync(ReconciliationRunOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        if (Data.Active is not { } active || active.BusinessDate != outcome.BusinessDate || active.Attempt != outcome.Attempt)
        {
            LogStaleOutcome(logger, IdentityString, ReconciliationRows.RunId(outcome.BusinessDate, outcome.Attempt));
            return;
        }

        var commit = new RunCommit();
        commit.Rows.Add(ReconciliationRows.Finished(Tenant, outcome, Now));
        if (active.Trigger is ReconciliationTrigger.Scheduled or ReconciliationTrigger.CatchUp
            && (Data.LastCompletedBusinessDate is not { } last || active.BusinessDate > last))
        {
            Data.LastCompletedBusinessDate = active.BusinessDate;
        }

        Data.Active = null;
        await StartNextDueAsync(commit); // catch-up: the next missed date starts in the same write
        await CommitAsync(commit);
        ReconciliationMetrics.Finished(Tenant.Value, active.Trigger, outcome.Succeeded, Now - active.StartedAt);
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        var commit = new RunCommit();
        if (Data.Active is { } active)
        {
            if (Now >= active.ResumeAt)
            {
                // No outcome by the deadline: the executor may have died with the batch. The same attempt runs again, so
                // its chunks carry the same idempotency keys and a receiver that saw them drops the repeats.
                LogResumed(logger, IdentityString, ReconciliationRows.RunId(active.BusinessDate, active.Attempt));
                active.ResumeAt = Now + options.Value.RunTimeout;
                commit.Dispatch = true;
            }
        }
        else
        {
            await StartNextDueAsync(commit);
        }

        await CommitAsync(commit);
    }

    private static TenantValidationException Invalid(string field, string message) => new(new Dictionary<string, string[]> { [field] = [message] });

    [LoggerMessage(EventId = 6000, Level = LogLevel.Debug, Message = "{GrainId} ignored the outcome of {RunId}, which is not the run in progress")]
    private static partial void LogStaleOutcome(ILogger logger, string grainId, string runId);

    [LoggerMessage(EventId = 6001, Level = LogLevel.Warning, Message = "{GrainId} got no outcome of {RunId} by its deadline; running it again")]
    private static partial void LogResumed(ILogger logger, string grainId, string runId);
}
