using Orleans.Concurrency;

namespace OrleansFlows.Contracts.Leads;

/// <summary>
/// A lead (<c>lead/{tenantId}/{leadId}</c>): one durable run of a workflow version. Outbound work runs in the silo's
/// step executor, outside the grain's turns, so the lead stays readable and cancellable while a step is in flight.
/// </summary>
[Alias("lead")]
public interface ILeadGrain : IGrainWithStringKey
{
    /// <summary>
    /// Accepts the lead durably and starts its run. The same idempotency key with the same body returns the existing
    /// lead (<see cref="SubmitLeadResult.Created"/> false).
    /// </summary>
    /// <exception cref="LeadConflictException">The lead exists with a different body.</exception>
    /// <exception cref="UnknownWorkflowException">The tenant has no such workflow.</exception>
    /// <exception cref="LeadValidationException">The payload fails the workflow's input schema.</exception>
    Task<SubmitLeadResult> SubmitAsync(SubmitLead submission);

    /// <summary>The lead, or null if it was never submitted.</summary>
    [ReadOnly]
    Task<LeadView?> GetAsync();

    /// <summary>Cancels an accepted, running or waiting lead.</summary>
    /// <exception cref="InvalidLeadTransitionException">The lead is already completed, failed or cancelled.</exception>
    Task<LeadView> CancelAsync();

    /// <summary>Runs a failed lead again from its failed step; completed steps are kept.</summary>
    /// <exception cref="InvalidLeadTransitionException">The lead is not failed.</exception>
    Task<LeadView> RetryFromFailedStepAsync();

    /// <summary>
    /// Runs a failed lead again from its failed step, as part of a larger operation (a bulk retry) that its audit
    /// entry names; null is the same as <see cref="RetryFromFailedStepAsync()"/>.
    /// </summary>
    /// <exception cref="InvalidLeadTransitionException">The lead is not failed.</exception>
    Task<LeadView> RetryFromFailedStepAsync(LeadRetryOrigin? origin);

    /// <summary>
    /// Runs again, at once, every step attempt in flight and every retry waiting, for a lead that made no progress for
    /// too long (its executor may have lost the attempt). Attempts keep their numbers, so their idempotency keys repeat.
    /// </summary>
    /// <exception cref="InvalidLeadTransitionException">The lead is not accepted or running.</exception>
    Task<LeadView> ResumeStuckAsync();

    /// <summary>
    /// Runs what is due by now: attempts whose outcome never came by their deadline (their silo may have died), retries
    /// whose backoff is over, and waits that ended. Called by the lead's own timer and by the sweepers; nothing due, no change.
    /// </summary>
    Task WakeAsync();

    /// <summary>Receives the outcome of a step attempt from the step executor. A stale or duplicate report is ignored.</summary>
    Task ReportStepOutcomeAsync(StepOutcome outcome);

    /// <summary>
    /// Deletes the lead for retention when it completed before <paramref name="completedBefore"/> or failed before
    /// <paramref name="failedBefore"/>: its state, list row, attempts, audit rows and pending batch record go in one
    /// write, and the activation ends, so nothing can bring the lead back. A lead in any other status, or newer, stays.
    /// </summary>
    /// <returns>The status of the deleted lead, or null when it was kept (or never existed).</returns>
    Task<LeadStatus?> DeleteIfFinishedBeforeAsync(DateTimeOffset completedBefore, DateTimeOffset failedBefore);

    /// <summary>
    /// Erases the lead for a data subject's erasure, in its own turn: a running or waiting lead is cancelled first (an
    /// attempt in flight can no longer change it), then its state, list row, attempts, audit rows, stored record and
    /// pending batch record go in one write, with one audit row that says the erasure happened (its id, the API key,
    /// the counts) and holds none of the erased data. The activation ends, so nothing can write the lead back; a
    /// replay of its idempotency key starts a new lead.
    /// </summary>
    /// <param name="erasureId">The erasure, named in the remaining audit row.</param>
    /// <param name="requestedBy">The API key that asked for it, named in the remaining audit row.</param>
    /// <returns>What was removed, or <see cref="Erasures.LeadErasure.None"/> when the lead does not exist.</returns>
    Task<Erasures.LeadErasure> EraseAsync(string erasureId, string? requestedBy);
}
