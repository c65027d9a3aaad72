using Microsoft.Extensions.Logging;
using OrleansFlows.Contracts.Erasures;
using OrleansFlows.Contracts.Leads;
using OrleansFlows.Contracts.Tenants;
using OrleansFlows.Grains.Audit;

namespace OrleansFlows.Grains.Erasures;

/// <summary>
/// One erasure. It is recorded as running before anything is erased, then runs within the call: each lead erases itself
/// in its own turn, and the records that hold the email go after the leads. The email lives only in this call; an
/// erasure left running by a silo that stopped is reported failed when read, and is sent again by the caller.
/// </summary>
[GrainType("erasure")]
internal sealed partial class ErasureGrain(ErasureRecords records, ErasureSearch search, TenantAuditTrail tenantAudit, TimeProvider timeProvider, ILogger<ErasureGrain> logger)
    : Grain, IErasureGrain
{
    /// <summary>The error of an erasure that stopped part way; it holds none of the erased data.</summary>
    public const string StoppedError = "The erasure stopped part way; what it erased stays erased. Send the erasure again to finish it.";

    // How often a lead's erasure is sent when Orleans rejects it because the lead's activation is ending.
    private const int MaxLeadCallAttempts = 5;

    // Whether this activation is running the erasure; one found running without it was left by a silo that stopped.
    private bool _running;

    private (TenantId Tenant, string ErasureId) Key => ErasureKey.Parse(this.GetPrimaryKeyString());

    public async Task<ErasureView> EraseAsync(ErasureRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Validate() is { Count: > 0 } errors)
        {
            throw new TenantValidationException(errors);
        }

        var (tenant, erasureId) = Key;
        var erasure = new ErasureView(erasureId, ErasureStatus.Running, request.RequestedBy, timeProvider.GetUtcNow(), null, 0, 0, 0, 0, 0, null);
        if (!await records.AddAsync(tenant, erasure, CancellationToken.None))
        {
            throw new InvalidOperationException($"Erasure '{erasureId}' was already started.");
        }

        LogRequested(logger, tenant.Value, erasureId, request.RequestedBy, request.Email is null ? "lead id" : "email");
        _running = true;
        var tally = new Tally();
        try
        {
            await EraseLeadsAsync(tenant, erasureId, request, tally);
            await EraseRecordsAsync(tenant, request, tally);
            erasure = tally.Into(erasure, ErasureStatus.Completed, timeProvider.GetUtcNow(), error: null);
            await records.UpdateAsync(tenant, erasure, CancellationToken.None);
            LogFinished(logger, tenant.Value, erasureId, erasure.Leads, erasure.CancelledLeads, erasure.Records, erasure.AuditRows, erasure.Attempts);

            // As stored, so the answer and a later read agree to the store's precision of instants.
            return await records.GetAsync(tenant, erasureId, CancellationToken.None) ?? erasure;
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            // The exception's text may quote what was being erased, so the record keeps a fixed message.
            LogFailed(logger, tenant.Value, erasureId, exception.GetType().Name);
            await records.UpdateAsync(tenant, tally.Into(erasure, ErasureStatus.Failed, timeProvider.GetUtcNow(), StoppedError), CancellationToken.None);
            throw new ErasureFailedException(erasureId);
        }
        finally
        {
            _running = false;
        }
    }

    public async Task<ErasureView?> GetAsync()
    {
        var (tenant, erasureId) = Key;
        var erasure = await records.GetAsync(tenant, erasureId, CancellationToken.None);
        if (erasure is { Status: ErasureStatus.Running } && !_running)
        {
            // Left running by a silo that stopped: the email was never stored, so the caller sends the erasure again.
            LogInterrupted(logger, tenant.Value, erasureId);
            erasure = erasure with { Status = ErasureStatus.Failed, FinishedAt = timeProvider.GetUtcNow(), Error = StoppedError };
            await records.UpdateAsync(tenant, erasure, CancellationToken.None);
        }

        return erasure;
    }

    private async Task EraseLeadsAsync(TenantId tenant, string erasureId, ErasureRequest request, Tally tally)
    {
        IReadOnlyCollection<string> leads = request.Email is { } email
            ? await search.LeadsHoldingAsync(tenant, new EmailMatch(email), CancellationToken.None)
            : [request.LeadId!];
        foreach (var leadId in leads.Order(StringComparer.Ordinal))
        {
            tally.Add(await EraseLeadAsync(GrainFactory.GetGrain<ILeadGrain>(LeadKey.Create(tenant, leadId).ToString()), erasureId, request.RequestedBy));
        }
    }

    /// <summary>
    /// Asks the lead to erase itself. A lead that was just erased (by another erasure of the same person) is ending its
    /// activation, and Orleans may reject a call that reaches it then; erasing is idempotent, so the call is sent again.
    /// </summary>
    private async Task<LeadErasure> EraseLeadAsync(ILeadGrain lead, string erasureId, string? requestedBy)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await lead.EraseAsync(erasureId, requestedBy);
            }
            catch (OrleansMessageRejectionException) when (attempt < MaxLeadCallAttempts)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(20 * attempt), timeProvider);
            }
        }
    }

    private async Task EraseRecordsAsync(TenantId tenant, ErasureRequest request, Tally tally)
    {
        // Records the leads did not take with them: those of leads already deleted, or of other leads that name the email.
        IReadOnlyList<string> holding = request.Email is { } email
            ? await search.RecordsHoldingAsync(tenant, new EmailMatch(email), CancellationToken.None)
            : [request.LeadId!];
        foreach (var leadId in holding)
        {
            tally.Records += await search.DeleteRecordAsync(tenant, leadId, CancellationToken.None);
        }

        // The tenant's own audit trail names no lead; its entries that quote the email (a rejected message's id or reason) go.
        if (request.Email is { } subject)
        {
            tally.AuditRows += await tenantAudit.DeleteHoldingAsync(tenant, new EmailMatch(subject), CancellationToken.None);
        }
    }

    [LoggerMessage(EventId = ErasureEventIds.Requested, Level = LogLevel.Information, Message = "Tenant {TenantId} asked for erasure {ErasureId} with API key {KeyId}, by {Subject}")]
    private static partial void LogRequested(ILogger logger, string tenantId, string erasureId, string? keyId, string subject);

    [LoggerMessage(EventId = ErasureEventIds.Finished, Level = LogLevel.Information, Message = "Erasure {ErasureId} of tenant {TenantId} erased {Leads} leads ({Cancelled} cancelled first), {Records} records, {AuditRows} audit rows and {Attempts} attempts")]
    private static partial void LogFinished(ILogger logger, string tenantId, string erasureId, int leads, int cancelled, int records, int auditRows, int attempts);

    [LoggerMessage(EventId = ErasureEventIds.Failed, Level = LogLevel.Warning, Message = "Erasure {ErasureId} of tenant {TenantId} failed part way ({ExceptionType}); what it erased stays erased")]
    private static partial void LogFailed(ILogger logger, string tenantId, string erasureId, string exceptionType);

    [LoggerMessage(EventId = ErasureEventIds.Interrupted, Level = LogLevel.Warning, Message = "Erasure {ErasureId} of tenant {TenantId} was left running by a silo that stopped; it is recorded as failed")]
    private static partial void LogInterrupted(ILogger logger, string tenantId, string erasureId);

    /// <summary>What the erasure removed so far.</summary>
    private sealed class Tally
    {
        public int Leads { get; private set; }

        public int Cancelled { get; private set; }

        public int Records { get; set; }

        public int AuditRows { get; set; }

        public int Attempts { get; private set; }

        public void Add(LeadErasure erased)
        {
            if (!erased.Erased)
            {
                return;
            }

            Leads++;
            Cancelled += erased.Cancelled ? 1 : 0;
            Records += erased.Records;
            AuditRows += erased.AuditRows;
            Attempts += erased.Attempts;
        }

        public ErasureView Into(ErasureView erasure, string status, DateTimeOffset finishedAt, string? error) => erasure with
        {
            Status = status,
            FinishedAt = finishedAt,
            Leads = Leads,
            CancelledLeads = Cancelled,
            Records = Records,
            AuditRows = AuditRows,
            Attempts = Attempts,
            Error = error,
        };
    }
}
