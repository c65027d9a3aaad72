using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OrleansFlows.Contracts.Leads;
using OrleansFlows.Contracts.Paging;
using OrleansFlows.Contracts.Queries;
using OrleansFlows.Contracts.Reconciliation;
using OrleansFlows.Contracts.Tenants;
using OrleansFlows.Grains.Connectors.OutboundHttp;
using OrleansFlows.Grains.Leads;
using OrleansFlows.Grains.Reconciliation;
using OrleansFlows.Grains.Records;

namespace OrleansFlows.Grains.Queries;

/// <summary>
/// Answers a tenant's queries from the projection tables, always for the tenant of its own key. Every method is
/// read-only, so queries of one tenant run side by side; the grain keeps nothing between calls.
/// </summary>
[GrainType("tenant-query")]
public sealed class TenantQueryGrain(
    LeadHistory history,
    LeadRecords records,
    ReconciliationRuns runs,
    BatchInputs batches,
    IOptions<OutboundHttpOptions> outbound,
    TimeProvider timeProvider) : Grain, ITenantQueryGrain
{
    private static readonly TimeSpan AddressLookupTimeout = TimeSpan.FromSeconds(5);

    private TenantId Tenant => TenantId.Parse(this.GetPrimaryKeyString());

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

    public async Task<IReadOnlyDictionary<string, string[]>> CheckConnectionAddressAsync(ConnectionSpec connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var (field, url) = connection.Kind == ConnectionKind.Http ? ("baseUrl", connection.BaseUrl) : ("webhookUrl", connection.WebhookUrl);
        if (url is null || !Uri.TryCreate(url, UriKind.Absolute, out var uri))
        {
            return new Dictionary<string, string[]>(); // The tenant grain names a missing or malformed URL.
        }

        using var timeout = new CancellationTokenSource(AddressLookupTimeout);
        string? refusal;
        try
        {
            refusal = await OutboundAddressPolicy.CheckUrlAsync(uri, outbound.Value.AllowPrivateNetworks, timeout.Token);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
            refusal = $"The host '{uri.Host}' did not resolve within {AddressLookupTimeout.TotalSeconds:0} s; check the name and retry.";
        }

        return refusal is null ? new Dictionary<string, string[]>() : new Dictionary<string, string[]> { [field] = [refusal] };
    }

    public async Task<PendingBatchRecords> ListPendingBatchRecordsAsync(DateOnly? businessDate, int limit, string? cursor)
    {
        var date = businessDate ?? await PendingRecordDates.NextRunDateAsync(GrainFactory, Tenant, timeProvider);
        var page = await batches.PageAsync(Tenant, date, limit, cursor, CancellationToken.None);
        return new PendingBatchRecords(date, page.Items.Select(r => new PendingBatchRecord(r.LeadId, r.Workflow, r.AddedAt, r.DataJson)).ToList(), page.NextCursor);
    }

    // The probe's parts are internal to the grains, so it is made per call rather than taken by this public grain's constructor.
    public Task<ConnectionTestResult?> TestConnectionAsync(string name) =>
        ActivatorUtilities.CreateInstance<ConnectionProbe>(ServiceProvider).TestAsync(Tenant, name);
}
