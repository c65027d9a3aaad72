using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrleansFlows.Contracts.Leads;
using OrleansFlows.Grains.Steps;
using OrleansFlows.Storage.Rows;
using OrleansFlows.Grains.Workflows;

namespace OrleansFlows.Grains.Leads;

/// <summary>
/// A lead's durable run. Every method validates, changes the state through <see cref="LeadRun"/>, commits the state
/// with its rows and its wake time in one write, and only then hands step attempts to the executor. A wake time in
/// the near future gets a grain timer; the sweepers wake the others, and any lead whose silo died.
/// </summary>
[GrainType("lead")]
public sealed partial class LeadGrain(
    [PersistentState("state", RowStorageNames.Rows)] IPersistentState<LeadState> state,
    IStepDispatcher dispatcher,
    WorkflowCatalog workflows,
    IOptions<LeadOptions> options,
    TimeProvider timeProvider,
    ILocalSiloDetails localSilo,
    IClusterMembershipService membership,
    ILogger<LeadGrain> logger) : Grain, ILeadGrain, IIncomingGrainCallFilter
{
    private static readonly Func<ILogger, string, string, IDisposable?> LeadScope = LoggerMessage.DefineScope<string, string>("Tenant {TenantId} lead {LeadId}");

    // Transient: the lead's workflow version, loaded on activation; versions are immutable.
    private WorkflowDefinition? _definition;

    private LeadKey Key => LeadKey.Parse(this.GetPrimaryKeyString());

    private LeadState Lead => state.State;

    private WorkflowDefinition Definition => _definition ?? throw new InvalidOperationException($"Lead {IdentityString} has no workflow loaded.");

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (state.RecordExists)
        {
            _definition = (await workflows.GetVersionAsync(Key.Tenant, Lead.Workflow, Lead.WorkflowVersion)).Definition;

            // An attempt whose silo died (a restart, or a silo declared dead) resumes now, not at its deadline.
            if (!LeadTransitions.IsTerminal(Lead.Status) && HasDueSteps())
            {
                ScheduleWake(Now);
            }
        }
    }

    /// <summary>Whatever a call to the lead logs (its own warnings, storage) carries its tenant and lead.</summary>
    public async Task Invoke(IIncomingGrainCallContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        using var scope = LeadScope(logger, Key.Tenant.Value, Key.LeadId);
        await context.Invoke();
    }

    public async Task<SubmitLeadResult> SubmitAsync(SubmitLead submission)
    {
        if (state.RecordExists)
        {
            return ExistingSubmission(submission);
        }

        using var activity = LeadTracing.StartAccept(Key, submission.Workflow);

        // The intake's admission names the version and time zone, so the lead asks the tenant nothing; the parsed
        // version comes from the silo's catalog, never from storage per lead.
        var (run, timeZone) = submission is { WorkflowVersion: { } version, TimeZone: { } zone }
            ? (await workflows.GetVersionAsync(Key.Tenant, submission.Workflow, version), zone)
            : await workflows.GetLatestAsync(Key.Tenant, submission.Workflow);
        var input = run.ValidatePayload(submission.PayloadJson);
        _definition = run.Definition;
        var commit = new LeadCommit();
        Accept(submission, run, BusinessDates.Of(Now, timeZone), input, commit);
        LeadTracing.Remember(Lead, activity);
        Progress(commit);
        await CommitAsync(commit);
        return new SubmitLeadResult(LeadViews.From(Key, Lead), Created: true);
    }

    public Task<LeadView?> GetAsync() => Task.FromResult(state.RecordExists ? LeadViews.From(Key, Lead) : null);

    public async Task<LeadView> CancelAsync()
    {
        EnsureExists();
        LeadTransitions.Ensure(Lead.Status, LeadStatus.Cancelled, IdentityString);
        var commit = new LeadCommit();
        SetStatus(LeadStatus.Cancelled, commit, "cancelled", null);
        await CommitAsync(commit);
        return LeadViews.From(Key, Lead);
    }

    public Task<LeadView> RetryFromFailedStepAsync() => RetryFromFailedStepAsync(origin: null);

    public async Task<LeadView> RetryFromFailedStepAsync(LeadRetryOrigin? origin)
    {
        EnsureExists();
        LeadTransitions.Ensure(Lead.Status, LeadStatus.Running, IdentityString);
        using var activity = LeadTracing.StartResumed("lead retry", Key, Lead);
        var commit = new LeadCommit();
        RestartFailedSteps(commit, origin is null ? "from the failed step" : $"from the failed step; {origin.Describe()}");
        Progress(commit);
        await CommitAsync(commit);
        return LeadViews.From(Key, Lead);
    }

    public async Task<LeadView> ResumeStuckAsync()
    {
        EnsureExists();
        if (Lead.Status is not (LeadStatus.Accepted or LeadStatus.Running))
        {
            throw new InvalidLeadTransitionException($"Lead {IdentityString} is {LeadRows.StatusName(Lead.Status)} and can't be resumed (only accepted or running leads can be).");
        }

        using var activity = LeadTracing.StartResumed("lead resume", Key, Lead);
        var commit = new LeadCommit();
        ResumeStuckSteps(commit);
        Progress(commit);
        await CommitAsync(commit);
        return LeadViews.From(Key, Lead);
    }

    public async Task ReportStepOutcomeAsync(StepOutcome outcome)
    {
        if (!IsAwaiting(outcome))
        {
            LogStaleOutcome(logger, IdentityString, outcome.StepId, outcome.Attempt);
            if (!state.RecordExists)
            {
                await RemoveRecordOfGoneLeadAsync();
            }

            return;
        }

        // The outcome of an attempt in flight is recorded whatever the lead's status: a parallel sibling that answers
        // after another branch failed keeps its result, so a retry of the failed branch neither waits for it nor runs it again.
        var commit = new LeadCommit();
        RecordOutcome(outcome, commit);
        if (!LeadTransitions.IsTerminal(Lead.Status))
        {
            Progress(commit);
        }

        await CommitAsync(commit);
    }

    public async Task WakeAsync()
    {
        // Nothing due (a timer that fired early, a sweeper's stale row, the start-up scan): no write, only the timer re-armed.
        if (!state.RecordExists || LeadTransitions.IsTerminal(Lead.Status) || !HasDueSteps())
        {
            var next = state.RecordExists ? NextWake() : null;
            LogNothingDue(logger, IdentityString, next);
            ScheduleWake(next);
            return;
        }

        using var activity = LeadTracing.StartResumed("lead wake", Key, Lead);
        var commit = new LeadCommit();
        WakeDueSteps(commit);
        Progress(commit);
        await CommitAsync(commit);
    }

    private void EnsureExists()
    {
        if (!state.RecordExists)
        {
            throw new InvalidLeadTransitionException($"Lead {IdentityString} does not exist.");
        }
    }

    [LoggerMessage(EventId = LeadEventIds.StaleOutcome, Level = LogLevel.Debug, Message = "Lead {LeadId} ignored a stale outcome of step {StepId} attempt {Attempt}")]
    private static partial void LogStaleOutcome(ILogger logger, string leadId, string stepId, int attempt);

    [LoggerMessage(EventId = LeadEventIds.LeadFailed, Level = LogLevel.Warning, Message = "Lead {LeadId} of tenant {TenantId} failed in workflow {Workflow} at step {StepId}: {Error}")]
    private static partial void LogLeadFailed(ILogger logger, string tenantId, string leadId, string workflow, string stepId, string error);
}
