using Microsoft.Extensions.Logging;
using OrleansFlows.Contracts.Leads;

namespace OrleansFlows.Grains.Leads;

public sealed partial class LeadGrain
{
    public async Task<LeadStatus?> DeleteIfFinishedBeforeAsync(DateTimeOffset completedBefore, DateTimeOffset failedBefore)
    {
        // Checked in the lead's own turn: a lead retried or resumed since the job picked it is no longer due.
        DateTimeOffset? before = !state.RecordExists ? null : Lead.Status switch
        {
            LeadStatus.Completed => completedBefore,
            LeadStatus.Failed => failedBefore,
            _ => null,
        };
        if (before is not { } cutoff || Lead.UpdatedAt >= cutoff)
        {
            return null;
        }

        var status = Lead.Status;
        Lead.PendingRows.AddRange(LeadDeletionRows.For(Key, this.GetGrainId().ToString(), Lead.BusinessDate));
        try
        {
            await state.ClearStateAsync();
        }
        catch (Exception exception)
        {
            LogDeleteFailed(logger, IdentityString, exception);
            DeactivateOnIdle();
            throw;
        }

        // A later call (a replay of the lead's idempotency key) finds a new, empty activation and starts a new lead.
        DeactivateOnIdle();
        return status;
    }

    [LoggerMessage(EventId = LeadEventIds.DeleteFailed, Level = LogLevel.Warning, Message = "Lead {LeadId} could not be deleted; it stays as it was")]
    private static partial void LogDeleteFailed(ILogger logger, string leadId, Exception exception);
}
