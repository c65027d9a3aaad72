namespace OrleansFlows.Contracts.Leads;

/// <summary>
/// A tenant's bulk retries (<c>lead-bulk-retry/{tenantId}</c>): one at a time per tenant, each recorded durably
/// (<c>bulk_retries</c>) with its count and the leads it skipped; its operation id goes into every retried lead's audit trail.
/// </summary>
[Alias("lead-bulk-retry")]
public interface ILeadBulkRetryGrain : IGrainWithStringKey
{
    /// <summary>
    /// Retries the failed leads of a workflow that match the request, oldest accepted first, up to its cap. A lead that
    /// is no longer failed when its turn comes is skipped with the reason. Takes as long as the leads take (up to 10 minutes).
    /// </summary>
    /// <exception cref="UnknownWorkflowException">The tenant has no such workflow.</exception>
    /// <exception cref="ArgumentException">The request is out of range (names the field).</exception>
    [ResponseTimeout("00:10:00")]
    Task<BulkRetryOperation> RetryFailedLeadsAsync(BulkRetryRequest request);
}
