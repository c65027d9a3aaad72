using OrleansFlows.Contracts.Leads;
using OrleansFlows.Contracts.Paging;
using OrleansFlows.Contracts.Queries;
using OrleansFlows.Contracts.Reconciliation;
using OrleansFlows.Contracts.Tenants;
using OrleansFlows.Grains.Leads;
using OrleansFlows.Grains.Reconciliation;
using OrleansFlows.Grains.Records;
using OrleansFlows.Runtime.Abstractions;

namespace OrleansFlows.Grains.Queries;

/// <summary>
/// Answers a tenant's queries from the projection tables, always for the tenant of its own key. Every method is
/// read-only, so queries of one tenant run side by side; the grain keeps nothing between calls.
/// </summary>
public sealed class TenantQueryGrain(LeadHistory history, LeadRecords records, ReconciliationRuns runs, TimeProvider timeProvider)
    : Grain, ITenantQueryGrain
{
    private TenantId Tenant => TenantId.Parse(GrainId.Key);

    public Task<Page<LeadSummary>> ListLeadsAsync(LeadStatus? status, int limit, string? cursor) =>
        history.ListLeadsAsync(Tenant, status, limit, cursor, CancellationToken.None);

    public Task<IReadOnlyList<StepAttemptRecord>> GetAttemptsAsync(string leadId) =>
        history.GetAttemptsAsync(LeadKey.Create(Tenant, leadId), CancellationToken.None);

    public Task<Page<AuditEventRecord>> GetAuditAsync(string leadId, int limit, string? cursor) =>
        history.GetAuditAsync(LeadKey.Create(Tenant, leadId), limit, cursor, CancellationToken.None);

    public Task<Page<LeadRecord>> ListRecordsAsync(int limit, string? cursor) =>
        records.ListAsync(Tenant, limit, cursor, CancellationToken.None);

    public async Task<UsageToday> GetUsageTodayAsync()
    {
        var tenant = await GrainFactory.GetGrain<ITenantGrain>(Tenant.Value).GetAsync() ?? throw new TenantNotFoundException(Tenant.Value);
        var date = BusinessDates.Of(timeProvider.GetUtcNow(), tenant.Profile.TimeZone);
        var accepted = await history.GetAcceptedAsync(Tenant, date, CancellationToken.None);
        return new UsageToday(date, accepted, (tenant.Limits ?? PlanLimits.Default).LeadsPerDay);
    }

    public Task<Page<ReconciliationRunView>> ListRunsAsync(DateOnly? businessDate, int limit, string? cursor) =>
        runs.ListAsync(Tenant, businessDate, limit, cursor, CancellationToken.None);

    public Task<ReconciliationRunView?> GetRunAsync(DateOnly businessDate, int attempt) =>
        runs.GetAsync(Tenant, businessDate, attempt, CancellationToken.None);
}
