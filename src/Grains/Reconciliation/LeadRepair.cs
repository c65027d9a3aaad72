using Microsoft.Extensions.Options;
using OrleansFlows.Contracts.Leads;
using OrleansFlows.Contracts.Tenants;

namespace OrleansFlows.Grains.Reconciliation;

/// <summary>
/// Retries, once per run, the date's leads that failed on a retryable step (the failed step's last attempt timed out
/// or got 408, 429 or 5xx) and resumes leads stuck running with no progress for <see cref="ReconciliationOptions.StuckAfter"/>.
/// </summary>
internal sealed class LeadRepair(IGrainFactory grains, IOptions<ReconciliationOptions> options, TimeProvider timeProvider)
{
    public async Task<IReadOnlyList<RepairedLead>> RunAsync(TenantId tenant, IReadOnlyList<LeadOutcomeRow> leads, CancellationToken cancellationToken)
    {
        var now = timeProvider.GetUtcNow();
        var repaired = new List<RepairedLead>();
        foreach (var lead in leads)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var grain = grains.GetGrain<ILeadGrain>(LeadKey.Create(tenant, lead.LeadId).ToString());
            if (lead.Status == LeadStatus.Failed && lead.FailureRetryable)
            {
                repaired.Add(await TryAsync(lead, "retried", $"failed on retryable step '{lead.FailedStepId}'", grain.RetryFromFailedStepAsync).ConfigureAwait(false));
            }
            else if (lead.Status is LeadStatus.Accepted or LeadStatus.Running && now - lead.UpdatedAt >= options.Value.StuckAfter)
            {
                repaired.Add(await TryAsync(lead, "resumed", $"no progress since {lead.UpdatedAt:O}", grain.ResumeStuckAsync).ConfigureAwait(false));
            }
        }

        return repaired;
    }

    private static async Task<RepairedLead> TryAsync(LeadOutcomeRow lead, string action, string reason, Func<Task<LeadView>> repair)
    {
        try
        {
            await repair().ConfigureAwait(false);
            return new RepairedLead(lead.LeadId, lead.Workflow, action, reason, null);
        }
        catch (InvalidLeadTransitionException moved)
        {
            // The lead moved on since its row was read (it finished, or someone retried it): nothing to repair.
            return new RepairedLead(lead.LeadId, lead.Workflow, action, reason, moved.Message);
        }
    }
}

/// <summary>A lead the repair acted on; <paramref name="Error"/> says why it could not, if it could not.</summary>
public sealed record RepairedLead(string LeadId, string Workflow, string Action, string Reason, string? Error);
