using OrleansFlows.Contracts.Audit;
using OrleansFlows.Contracts.Leads;
using OrleansFlows.Contracts.Paging;
using OrleansFlows.Contracts.Reconciliation;
using OrleansFlows.Contracts.Tenants;
using Orleans.Concurrency;

namespace OrleansFlows.Contracts.Queries;

/// <summary>
/// A tenant's stateless side (<c>tenant-query/{tenantId}</c>): it reads the tables grains write beside their state
/// (lead list, attempts, audit trail, stored records, usage, reconciliation runs), and does the checks that wait on
/// I/O, so that no such wait holds up the tenant grain's turns. Every query filters by the grain's tenant, so a caller
/// can only read the tenant it names. Reads never activate the leads they list.
/// </summary>
/// <remarks>
/// Pages take a limit between 1 and 1,000 and the opaque cursor of the page before; a bad cursor throws
/// <see cref="ArgumentException"/> naming it.
/// </remarks>
[Alias("tenant-query")]
public interface ITenantQueryGrain : IGrainWithStringKey
{
    /// <summary>Leads, newest first, optionally of one status.</summary>
    [ReadOnly]
    Task<Page<LeadSummary>> ListLeadsAsync(LeadStatus? status, int limit, string? cursor);

    /// <summary>Every attempt of every step of a lead, in the order they started; empty for an unknown lead.</summary>
    [ReadOnly]
    Task<IReadOnlyList<StepAttemptRecord>> GetAttemptsAsync(string leadId);

    /// <summary>A page of a lead's audit trail, oldest first.</summary>
    [ReadOnly]
    Task<Page<AuditEventRecord>> GetAuditAsync(string leadId, int limit, string? cursor);

    /// <summary>A page of the tenant's own audit trail (not a lead's), newest first, of the entries that match the filter.</summary>
    [ReadOnly]
    Task<Page<TenantAuditEvent>> ListTenantAuditAsync(TenantAuditFilter filter, int limit, string? cursor);

    /// <summary>Records stored by 'store' steps, oldest first.</summary>
    [ReadOnly]
    Task<Page<LeadRecord>> ListRecordsAsync(int limit, string? cursor);

    /// <summary>Leads accepted today, in the tenant's time zone, against the daily plan.</summary>
    /// <exception cref="Tenants.TenantNotFoundException">The tenant does not exist.</exception>
    [ReadOnly]
    Task<UsageToday> GetUsageTodayAsync();

    /// <summary>Reconciliation runs, newest first, optionally of one business date; reports are left out.</summary>
    [ReadOnly]
    Task<Page<ReconciliationRunView>> ListRunsAsync(DateOnly? businessDate, int limit, string? cursor);

    /// <summary>One reconciliation run with its report, or null.</summary>
    [ReadOnly]
    Task<ReconciliationRunView?> GetRunAsync(DateOnly businessDate, int attempt);

    /// <summary>
    /// Where a connection's URL leads: a host name that resolves to a private, loopback or link-local address, or to
    /// nothing within 5 s, is refused unless the silo allows private networks. Returns the problems by field (empty
    /// when there are none). The tenant grain checks the URL's form when the connection is saved, and the outbound
    /// handler checks every address again when a step connects.
    /// </summary>
    [ReadOnly]
    Task<IReadOnlyDictionary<string, string[]>> CheckConnectionAddressAsync(ConnectionSpec connection);

    /// <summary>Leads, newest first, that match the filter (status, workflow, lead id or email).</summary>
    [ReadOnly]
    Task<Page<LeadSummary>> SearchLeadsAsync(LeadFilter filter, int limit, string? cursor);

    /// <summary>
    /// Activity by day of the tenant's time zone from <paramref name="from"/> to <paramref name="to"/> (inclusive, at
    /// most 366 days); without them, the 30 days up to today.
    /// </summary>
    /// <exception cref="Tenants.TenantNotFoundException">The tenant does not exist.</exception>
    /// <exception cref="ArgumentException">The range is reversed or too long (names the parameter).</exception>
    [ReadOnly]
    Task<UsageHistory> GetDailyUsageAsync(DateOnly? from, DateOnly? to);

    /// <summary>Per-step attempts of a workflow started in the last <paramref name="hours"/> hours (1 to 168).</summary>
    /// <exception cref="Leads.UnknownWorkflowException">The tenant has no such workflow.</exception>
    [ReadOnly]
    Task<WorkflowStats> GetWorkflowStatsAsync(string workflow, int hours);

    /// <summary>A bulk retry of the tenant's failed leads, as recorded, or null.</summary>
    [ReadOnly]
    Task<BulkRetryOperation?> GetBulkRetryAsync(string operationId);
    /// <summary>
    /// Records <c>batch</c> steps handed over for a business date, waiting for its nightly run, by lead id. Without a
    /// date: the next scheduled run's business date, or the tenant's today when no run is scheduled next.
    /// </summary>
    /// <exception cref="Tenants.TenantNotFoundException">The tenant does not exist.</exception>
    [ReadOnly]
    Task<PendingBatchRecords> ListPendingBatchRecordsAsync(DateOnly? businessDate, int limit, string? cursor);

    /// <summary>
    /// Sends a test request (GET, the connection's headers applied) to the connection's URL through the outbound HTTP
    /// client, with its address rules and connect timeout; null when the tenant has no such connection.
    /// </summary>
    [ReadOnly]
    Task<ConnectionTestResult?> TestConnectionAsync(string name);
}

/// <summary>Leads accepted on the tenant's business date, and the plan's daily limit.</summary>
[Immutable]
[GenerateSerializer]
[Alias("OrleansFlows.UsageToday")]
public sealed record UsageToday(string BusinessDate, long LeadsAccepted, int LeadsPerDay);
