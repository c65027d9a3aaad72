using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using OrleansFlows.Contracts.Leads;
using OrleansFlows.Contracts.Tenants;

namespace OrleansFlows.Grains.BulkRetries;

/// <summary>
/// Runs a tenant's bulk retries one at a time (the grain is not reentrant): it records the operation, retries each
/// matched lead through the lead grain with the operation as its origin, and records the count and the skips.
/// </summary>
[GrainType("lead-bulk-retry")]
public sealed partial class LeadBulkRetryGrain(BulkRetryRecords records, TimeProvider timeProvider, ILogger<LeadBulkRetryGrain> logger)
    : Grain, ILeadBulkRetryGrain
{
    /// <summary>How many leads retry at once: enough to overlap their writes, few enough to leave the silo to others.</summary>
    private const int Concurrency = 8;

    private TenantId Tenant => TenantId.Parse(this.GetPrimaryKeyString());

    public async Task<BulkRetryOperation> RetryFailedLeadsAsync(BulkRetryRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Max is < 1 or > BulkRetryRequest.MaxLimit)
        {
            throw new ArgumentException($"'max' must be between 1 and {BulkRetryRequest.MaxLimit}; it is {request.Max}.", "max");
        }

        if (request is { AcceptedFrom: { } from, AcceptedTo: { } to } && from >= to)
        {
            throw new ArgumentException($"'acceptedTo' ({to:O}) must be after 'acceptedFrom' ({from:O}).", "acceptedTo");
        }

        if (await GrainFactory.GetGrain<ITenantGrain>(Tenant.Value).GetWorkflowAsync(request.Workflow) is null)
        {
            throw new UnknownWorkflowException($"Workflow '{request.Workflow}' does not exist.");
        }

        var found = await records.FindFailedAsync(Tenant, request, request.Max + 1, CancellationToken.None);
        var leads = found.Take(request.Max).ToList();
        var operation = new BulkRetryOperation(
            "bulk_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12)),
            request.Workflow,
            leads.Count,
            Retried: 0,
            Skipped: [],
            Truncated: found.Count > request.Max,
            BulkRetryRecords.Running,
            timeProvider.GetUtcNow(),
            FinishedAt: null,
            request.RequestedByKeyId,
            request.FailedStep,
            request.AcceptedFrom,
            request.AcceptedTo,
            request.Max);
        await records.StartAsync(Tenant, operation, CancellationToken.None);
        LogStarted(logger, Tenant.Value, operation.OperationId, request.Workflow, leads.Count, operation.Truncated, request.RequestedByKeyId);

        var origin = new LeadRetryOrigin(operation.OperationId, request.RequestedByKeyId);
        var skips = new BulkRetrySkip?[leads.Count];
        await Parallel.ForEachAsync(
            Enumerable.Range(0, leads.Count),
            new ParallelOptions { MaxDegreeOfParallelism = Concurrency, TaskScheduler = TaskScheduler.Current },
            async (index, _) => skips[index] = await RetryAsync(leads[index], origin));

        var skipped = skips.OfType<BulkRetrySkip>().ToList();
        var finished = operation with
        {
            Retried = leads.Count - skipped.Count,
            Skipped = skipped,
            Status = BulkRetryRecords.Finished,
            FinishedAt = timeProvider.GetUtcNow(),
        };
        await records.FinishAsync(Tenant, finished, CancellationToken.None);
        LogFinished(logger, Tenant.Value, finished.OperationId, finished.Workflow, finished.Matched, finished.Retried, skipped.Count, request.RequestedByKeyId);
        return finished;
    }

    /// <summary>Retries one lead; a skip with the reason when it can't be.</summary>
    private async Task<BulkRetrySkip?> RetryAsync(string leadId, LeadRetryOrigin origin)
    {
        try
        {
            await GrainFactory.GetGrain<ILeadGrain>(LeadKey.Create(Tenant, leadId).ToString()).RetryFromFailedStepAsync(origin);
            return null;
        }
        catch (InvalidLeadTransitionException moved)
        {
            // It changed state since it was matched: someone retried or it was retried by another operation.
            return new BulkRetrySkip(leadId, moved.Message);
        }
        catch (Exception failure) when (failure is not OutOfMemoryException)
        {
            // One lead that can't be loaded or written must not stop the others; the record names it.
            LogLeadNotRetried(logger, failure, Tenant.Value, origin.OperationId, leadId);
            return new BulkRetrySkip(leadId, $"The retry failed: {failure.Message}");
        }
    }

    [LoggerMessage(EventId = BulkRetryEventIds.Started, Level = LogLevel.Information,
        Message = "Bulk retry {OperationId} of tenant {TenantId} started for workflow {Workflow}: {Matched} failed leads (truncated: {Truncated}), requested with API key {KeyId}")]
    private static partial void LogStarted(ILogger logger, string tenantId, string operationId, string workflow, int matched, bool truncated, string? keyId);

    [LoggerMessage(EventId = BulkRetryEventIds.Finished, Level = LogLevel.Information,
        Message = "Bulk retry {OperationId} of tenant {TenantId} finished for workflow {Workflow}: {Retried} of {Matched} leads retried, {Skipped} skipped, requested with API key {KeyId}")]
    private static partial void LogFinished(ILogger logger, string tenantId, string operationId, string workflow, int matched, int retried, int skipped, string? keyId);

    [LoggerMessage(EventId = BulkRetryEventIds.LeadNotRetried, Level = LogLevel.Warning,
        Message = "Bulk retry {OperationId} of tenant {TenantId} could not retry lead {LeadId}")]
    private static partial void LogLeadNotRetried(ILogger logger, Exception exception, string tenantId, string operationId, string leadId);
}
