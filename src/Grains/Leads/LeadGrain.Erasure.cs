using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OrleansFlows.Contracts.Erasures;
using OrleansFlows.Grains.Erasures;
using OrleansFlows.Storage;

namespace OrleansFlows.Grains.Leads;

public sealed partial class LeadGrain
{
    public async Task<LeadErasure> EraseAsync(string erasureId, string? requestedBy)
    {
        if (!state.RecordExists)
        {
            return LeadErasure.None;
        }

        // In the lead's own turn nothing else of the lead runs: an attempt in flight reports to an erased lead later,
        // and its report is ignored (see ReportStepOutcomeAsync), so nothing can write the lead's data back.
        var store = ServiceProvider.GetRequiredService<IProjectionStore>();
        var (attempts, auditRows, records) = await LeadErasureRows.CountAsync(store, Key);
        var cancelled = !LeadTransitions.IsTerminal(Lead.Status);
        var was = LeadRows.StatusName(Lead.Status);
        var detail = string.Create(
            CultureInfo.InvariantCulture,
            $"Erasure {erasureId} requested with API key {requestedBy ?? "(none)"} erased this lead ({was}{(cancelled ? ", cancelled first" : "")}): its input, step outputs, {attempts} attempts, {auditRows} audit rows and {records} stored records.");
        Lead.PendingRows.AddRange(LeadErasureRows.For(Key, this.GetGrainId().ToString(), LeadDeletionRows.StateName, Now, detail));
        ScheduleWake(null);
        try
        {
            await state.ClearStateAsync();
        }
        catch (Exception exception)
        {
            LogEraseFailed(logger, IdentityString, exception);
            DeactivateOnIdle();
            throw;
        }

        DeactivateOnIdle();
        return new LeadErasure(true, cancelled, attempts, auditRows, records);
    }

    /// <summary>
    /// A report to a lead that does not exist comes from an attempt that was in flight when the lead was erased or
    /// deleted; a store step writes its record before it reports, so the record it left is removed here.
    /// </summary>
    private async Task RemoveRecordOfGoneLeadAsync()
    {
        var removed = await LeadErasureRows.DeleteOrphanRecordAsync(ServiceProvider.GetRequiredService<IProjectionStore>(), Key);
        if (removed > 0)
        {
            LogOrphanRecordRemoved(logger, IdentityString);
        }

        DeactivateOnIdle();
    }

    [LoggerMessage(EventId = LeadEventIds.EraseFailed, Level = LogLevel.Warning, Message = "Lead {LeadId} could not be erased; it stays as it was")]
    private static partial void LogEraseFailed(ILogger logger, string leadId, Exception exception);

    [LoggerMessage(EventId = LeadEventIds.OrphanRecordRemoved, Level = LogLevel.Information, Message = "Lead {LeadId} no longer exists; the record a late store step wrote for it was removed")]
    private static partial void LogOrphanRecordRemoved(ILogger logger, string leadId);
}
