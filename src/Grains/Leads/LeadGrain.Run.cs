using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using OrleansFlows.Contracts.Leads;
using OrleansFlows.Grains.Steps;
using OrleansFlows.Grains.Workflows;
using OrleansFlows.Grains.Persistence;

namespace OrleansFlows.Grains.Leads;

public sealed partial class LeadGrain
{
    // The grain timer for the next wake time, when it is near; the sweepers cover the rest.
    private IGrainTimer? _wakeTimer;
    private DateTimeOffset? _wakeTimerDue;

    private DateTimeOffset Now => timeProvider.GetUtcNow();

    /// <summary>This silo incarnation, as recorded on the attempts it runs (<see cref="StepRunState.RunBy"/>).</summary>
    private string LocalSilo => localSilo.SiloAddress.ToParsableString();

    private SubmitLeadResult ExistingSubmission(SubmitLead submission)
    {
        if (Lead.Workflow != submission.Workflow || Lead.BodyHash != submission.BodyHash)
        {
            throw new LeadConflictException(
                $"Idempotency key '{submission.IdempotencyKey}' was used for lead {Key.LeadId} with a different body; " +
                "send the original body to read that lead, or use a new key for a new lead.");
        }

        return new SubmitLeadResult(LeadViews.From(Key, Lead), Created: false);
    }

    private void Accept(SubmitLead submission, WorkflowRun run, string businessDate, JsonObject input, LeadCommit commit)
    {
        var now = Now;
        Lead.Workflow = submission.Workflow;
        Lead.WorkflowVersion = run.Version;
        Lead.IdempotencyKey = submission.IdempotencyKey;
        Lead.BodyHash = submission.BodyHash;
        Lead.Source = submission.Source;
        Lead.Input = input;
        Lead.AcceptedAt = now;
        Lead.BusinessDate = businessDate;
        SetStatus(LeadStatus.Accepted, commit, "accepted", $"workflow {run.Name} v{run.Version} via {submission.Source}");
        commit.Rows.Add(LeadRows.CountAccepted(Key, Lead.BusinessDate));
    }

    /// <summary>Starts every step that may start, until the run waits on something outside this turn.</summary>
    private void Progress(LeadCommit commit)
    {
        while (true)
        {
            var progress = LeadRun.Advance(Definition, Lead, Now);
            if (progress.Outcome == BlockOutcome.Failed)
            {
                var failed = Lead.Steps.First(s => s.Value.Status == StepStatus.Failed && !LeadRun.IsComposite(s.Value));
                Lead.FailedStepId = failed.Key;
                Lead.FailureRetryable = failed.Value.LastFailureRetryable == true;
                LeadRun.FailOpenComposites(Lead, Now);
                SetStatus(LeadStatus.Failed, commit, "failed", Lead.FailureReason = FailureReason(failed.Key, failed.Value));
                commit.FailsLead = true;
                return;
            }

            if (progress.Outcome == BlockOutcome.Completed)
            {
                SetStatus(LeadStatus.Completed, commit, "completed", null);
                return;
            }

            var finishedInTurn = false;
            foreach (var step in progress.Ready)
            {
                finishedInTurn |= StartStep(step, commit);
            }

            if (!finishedInTurn)
            {
                var running = Lead.Steps.Values.Any(s => s.Status is StepStatus.Running or StepStatus.RetryWaiting && s.Kind != StepKinds.Parallel);
                SetStatus(running ? LeadStatus.Running : LeadStatus.Waiting, commit, null, null);
                return;
            }
        }
    }

    /// <summary>Starts a ready step; returns true when it finished within this turn.</summary>
    private bool StartStep(StepDefinition step, LeadCommit commit)
    {
        var now = Now;
        switch (step)
        {
            case WaitStep wait:
                Lead.Steps[step.Id] = new StepRunState { Kind = StepKinds.Wait, Status = StepStatus.Waiting, StartedAt = now, DueAt = now + wait.Duration };
                commit.Rows.Add(LeadRows.Audit(Key, Lead, now, "step_waiting", $"{step.Id} until {now + wait.Duration:O}"));
                return false;
            case BatchStep:
                Lead.Steps[step.Id] = new StepRunState { Kind = StepKinds.Batch, Status = StepStatus.Completed, StartedAt = now, FinishedAt = now };
                commit.Rows.Add(LeadRows.BatchRecord(Key, Lead, LeadData.Merge(Lead), now));
                commit.Rows.Add(LeadRows.Audit(Key, Lead, now, "step_completed", $"{step.Id}: handed to the nightly batch of {Lead.BusinessDate}"));
                return true;
            default:
                StartAttempt(step, newRound: !Lead.Steps.ContainsKey(step.Id), commit);
                return false;
        }
    }

    private void StartAttempt(StepDefinition step, bool newRound, LeadCommit commit)
    {
        var now = Now;
        if (!Lead.Steps.TryGetValue(step.Id, out var progress))
        {
            Lead.Steps[step.Id] = progress = new StepRunState { Kind = LeadRun.KindOf(step), StartedAt = now };
        }

        if (newRound)
        {
            progress.RoundStart = progress.Attempt;
        }

        progress.Attempt++;
        progress.Status = StepStatus.Running;
        progress.DueAt = now + StepTimeout(step) + options.Value.ResumeMargin;
        progress.RunBy = LocalSilo;
        commit.Rows.Add(LeadRows.AttemptStarted(Key, step.Id, progress, now));
        commit.Rows.Add(LeadRows.Audit(Key, Lead, now, "step_started", $"{step.Id} attempt {progress.Attempt}"));
        commit.Dispatches.Add((step, progress.Attempt));
    }

    private bool IsAwaiting(StepOutcome outcome) =>
        state.RecordExists
        && Lead.Steps.TryGetValue(outcome.StepId, out var progress)
        && progress.Status == StepStatus.Running && progress.ChosenCase is null && progress.Attempt == outcome.Attempt;

    private void RecordOutcome(StepOutcome reported, LeadCommit commit)
    {
        // Every step's output enters the lead's state here, so here is where text the stores can't keep is refused.
        var outcome = StepOutputs.Storable(reported, options.Value.MaxOutputBytes);
        var now = Now;
        var progress = Lead.Steps[outcome.StepId];
        var step = Definition.FindStep(outcome.StepId)!;
        progress.RunBy = null;
        progress.LastHttpStatus = outcome.HttpStatus;
        commit.Rows.Add(LeadRows.AttemptFinished(Key, outcome, progress, now));
        if (outcome.Succeeded)
        {
            StepOutputs.Apply(step, progress, outcome.OutputJson, options.Value.MaxOutputBytes, Lead, now);
            commit.Rows.Add(LeadRows.Audit(Key, Lead, now, "step_completed", StepOutputs.Describe(step, progress)));
            return;
        }

        progress.LastError = outcome.Error;
        progress.LastFailureRetryable = outcome.Retryable;
        var retry = step switch
        {
            HttpStep http => http.Retry,
            PublishStep publish => publish.Retry,
            _ => RetryPolicy.Default,
        };
        if (outcome.Retryable && progress.AttemptsInRound < retry.MaxAttempts)
        {
            var delay = retry.DelayBeforeAttempt(progress.AttemptsInRound + 1, Random.Shared.NextDouble());
            progress.Status = StepStatus.RetryWaiting;
            progress.DueAt = now + (outcome.RetryAfter is { } asked && asked > delay ? asked : delay);
            commit.Rows.Add(LeadRows.Audit(Key, Lead, now, "step_retry_scheduled", $"{step.Id} attempt {progress.Attempt} failed: {outcome.Error}; next attempt at {progress.DueAt:O}"));
            return;
        }

        progress.Status = StepStatus.Failed;
        progress.FinishedAt = now;
        progress.DueAt = null;
        commit.Rows.Add(LeadRows.Audit(Key, Lead, now, "step_failed", $"{step.Id} attempt {progress.Attempt}: {outcome.Error}"));
    }

    /// <summary>
    /// Resumes what is due: attempts whose outcome never came (the executor died) or whose silo is gone, retries, and
    /// waits.
    /// </summary>
    private void WakeDueSteps(LeadCommit commit)
    {
        var now = Now;
        foreach (var (id, progress) in Lead.Steps.Where(s => IsDue(s.Value, now)).ToList())
        {
            var step = Definition.FindStep(id)!;
            switch (progress.Status)
            {
                case StepStatus.Running:
                    var why = progress.DueAt <= now ? "no outcome by its deadline" : $"the silo that ran it ({progress.RunBy}) is gone";
                    progress.DueAt = now + StepTimeout(step) + options.Value.ResumeMargin;
                    progress.RunBy = LocalSilo;
                    commit.Rows.Add(LeadRows.Audit(Key, Lead, now, "step_resumed", $"{id} attempt {progress.Attempt}: {why}; running it again"));
                    commit.Dispatches.Add((step, progress.Attempt));
                    break;
                case StepStatus.RetryWaiting:
                    StartAttempt(step, newRound: false, commit);
                    break;
                case StepStatus.Waiting:
                    progress.Status = StepStatus.Completed;
                    progress.FinishedAt = now;
                    progress.DueAt = null;
                    commit.Rows.Add(LeadRows.Audit(Key, Lead, now, "step_completed", $"{id}: wait over"));
                    break;
            }
        }
    }

    /// <summary>Whether anything of the lead is due: its wake time has come, or an attempt in flight was lost with its silo.</summary>
    private bool HasDueSteps() => Lead.Steps.Values.Any(s => IsDue(s, Now));

    private bool IsDue(StepRunState progress, DateTimeOffset now) => progress.DueAt <= now || IsLostAttempt(progress);

    /// <summary>An attempt in flight whose silo is gone: it will never report, so it need not wait for its deadline.</summary>
    private bool IsLostAttempt(StepRunState progress) =>
        progress is { Status: StepStatus.Running, ChosenCase: null, RunBy: not null }
        && AttemptOwners.IsGone(progress.RunBy, localSilo.SiloAddress, membership.CurrentSnapshot);

    /// <summary>Runs again, now, every attempt in flight and every retry waiting: the executor may have lost them.</summary>
    private void ResumeStuckSteps(LeadCommit commit)
    {
        var now = Now;
        commit.Rows.Add(LeadRows.Audit(Key, Lead, now, "resumed", "no progress for too long; in-flight attempts run again"));
        foreach (var progress in Lead.Steps.Values.Where(s => s.Status is StepStatus.Running or StepStatus.RetryWaiting && s.Kind != StepKinds.Parallel))
        {
            progress.DueAt = now;
        }

        WakeDueSteps(commit);
    }

    private void RestartFailedSteps(LeadCommit commit, string detail)
    {
        Lead.FailureReason = null;
        Lead.FailedStepId = null;
        Lead.FailureRetryable = null;
        commit.Rows.Add(LeadRows.Audit(Key, Lead, Now, "retried", detail));
        LeadRun.ReopenFailedComposites(Lead);
        foreach (var id in Lead.Steps.Where(s => s.Value.Status == StepStatus.Failed).Select(s => s.Key).ToList())
        {
            StartAttempt(Definition.FindStep(id)!, newRound: true, commit);
        }
    }

    private void SetStatus(LeadStatus status, LeadCommit commit, string? auditEvent, string? detail)
    {
        Lead.Status = status;
        Lead.UpdatedAt = Now;
        commit.Reached.Add(status);
        if (auditEvent is not null)
        {
            commit.Rows.Add(LeadRows.Audit(Key, Lead, Lead.UpdatedAt, auditEvent, detail));
        }
    }

    private async Task CommitAsync(LeadCommit commit)
    {
        var wake = NextWake();
        Lead.PendingRows.Add(LeadRows.Upsert(Key, Lead, wake));
        Lead.PendingRows.AddRange(commit.Rows);
        await state.WriteOrDeactivateAsync(this, logger);
        foreach (var status in commit.Reached)
        {
            LeadMetrics.Reached(status, Key.Tenant.Value, Lead.Workflow);
        }

        if (commit.FailsLead)
        {
            LogLeadFailed(logger, Key.Tenant.Value, Key.LeadId, Lead.Workflow, Lead.FailedStepId!, Lead.FailureReason!);
        }

        ScheduleWake(wake);
        var continues = Lead.Steps.Values.Any(s => s.Status == StepStatus.Completed);
        var traceParent = LeadTracing.StepParent(Lead);
        foreach (var (step, attempt) in commit.Dispatches)
        {
            // Each attempt gets its own copy of the data: JSON nodes are not safe to read from several threads.
            dispatcher.Dispatch(new StepWork(Key, Lead.Workflow, step, attempt, LeadData.Scope(Lead)) { ContinuesLead = continues || attempt > 1, TraceParent = traceParent });
        }
    }

    /// <summary>The time the lead must next wake, as stored on its row for the sweepers; null when nothing is due.</summary>
    private DateTimeOffset? NextWake() =>
        LeadTransitions.IsTerminal(Lead.Status) ? null : Lead.Steps.Values.Where(s => s.DueAt is not null).Min(s => s.DueAt);

    /// <summary>Arms a grain timer for a wake time within <see cref="LeadOptions.TimerHorizon"/>; later ones are left to the sweepers.</summary>
    private void ScheduleWake(DateTimeOffset? wake)
    {
        if (wake == _wakeTimerDue)
        {
            return;
        }

        _wakeTimer?.Dispose();
        _wakeTimer = null;
        _wakeTimerDue = null;
        if (wake is not { } due || due - Now > options.Value.TimerHorizon)
        {
            return;
        }

        var delay = due - Now;
        _wakeTimerDue = due;
        _wakeTimer = this.RegisterGrainTimer(
            static (grain, _) => grain.WakeFromTimerAsync(),
            this,
            new GrainTimerCreationOptions { DueTime = delay > TimeSpan.Zero ? delay : TimeSpan.Zero, Period = Timeout.InfiniteTimeSpan, KeepAlive = true });
    }

    private async Task WakeFromTimerAsync()
    {
        // A timer's turn is no grain call, so the call filter's log scope is set here.
        using var scope = LeadScope(logger, Key.Tenant.Value, Key.LeadId);
        if (_wakeTimerDue is { } due)
        {
            LeadMetrics.RecordWakeLag(Now - due, LeadMetrics.WokenByTimer);
        }

        _wakeTimer = null;
        _wakeTimerDue = null;
        await WakeAsync();
    }

    private TimeSpan StepTimeout(StepDefinition step) => step switch
    {
        HttpStep http => http.Timeout,
        PublishStep publish => publish.Timeout,
        _ => options.Value.DefaultStepTimeout,
    };

    [LoggerMessage(EventId = LeadEventIds.NothingDue, Level = LogLevel.Debug, Message = "Lead {LeadId} was woken with nothing due; its next wake time is {WakeAt}")]
    private static partial void LogNothingDue(ILogger logger, string leadId, DateTimeOffset? wakeAt);

    private static string FailureReason(string stepId, StepRunState progress) =>
        $"Step '{stepId}' failed after {progress.AttemptsInRound} attempt(s): {progress.LastError}";
}
