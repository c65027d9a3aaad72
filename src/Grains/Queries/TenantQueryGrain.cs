using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OrleansFlows.Contracts.Audit;
using OrleansFlows.Contracts.Leads;
using OrleansFlows.Contracts.Paging;
using OrleansFlows.Contracts.Queries;
using OrleansFlows.Contracts.Reconciliation;
using OrleansFlows.Contracts.Tenants;
using OrleansFlows.Grains.Audit;
using OrleansFlows.Grains.BulkRetries;
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
internal sealed class TenantQueryGrain(
    LeadHistory history,
    LeadList leads,
    UsageDays usageDays,
    WorkflowStepStats stepStats,
    BulkRetryRecords bulkRetries,
    LeadRecords records,
    ReconciliationRuns runs,
    BatchInputs batches,
    TenantAuditTrail tenantAudit,
    IOptions<OutboundHttpOptions> outbound,
    TimeProvider timeProvider) : Grain, ITenantQueryGrain
{
    private static readonly TimeSpan AddressLookupTimeout = TimeSpan.FromSeconds(5);

    /// <summary>The days a usage history covers when the caller names no range.</summary>
    private const int DefaultUsageDays = 30;

    /// <summary>The longest window of workflow stats: a week.</summary>
    private const int MaxStatsHours = 168;

    private TenantId Tenant => TenantId.Parse(this.GetPrimaryKeyString());

    public Task<Page<LeadSummary>> ListLeadsAsync(LeadStatus? status, int limit, string? cursor) =>
        leads.ListAsync(Tenant, new LeadFilter(status), limit, cursor, CancellationToken.None);

    public Task<IReadOnlyList<StepAttemptRecord>> GetAttemptsAsync(string leadId) =>
        history.GetAttemptsAsync(LeadKey.Create(Tenant, leadId), CancellationToken.None);

    public Task<Page<AuditEventRecord>> GetAuditAsync(string leadId, int limit, string? cursor) =>
        history.GetAuditAsync(LeadKey.Create(Tenant, leadId), limit, cursor, CancellationToken.None);

    public Task<Page<TenantAuditEvent>> ListTenantAuditAsync(TenantAuditFilter filter, int limit, string? cursor) =>
        tenantAudit.ListAsync(Tenant, filter, limit, cursor, CancellationToken.None);

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
        var (field, url) = connection.Kind switch
        {
            ConnectionKind.Http => ("baseUrl", connection.BaseUrl),
            ConnectionKind.RabbitMq => ("uri", connection.Uri),
            _ => ("webhookUrl", connection.WebhookUrl),
        };
        if (url is null || !Uri.TryCreate(url, UriKind.Absolute, out var uri))
        {
            return new Dictionary<string, string[]>(); // The tenant grain names a missing or malformed URL.
        }

        using var timeout = new CancellationTokenSource(AddressLookupTimeout);
        string? refusal;
        try
        {
            refusal = connection.Kind == ConnectionKind.RabbitMq
                ? await OutboundAddressPolicy.CheckHostAsync(uri, outbound.Value.AllowPrivateNetworks, timeout.Token)
                : await OutboundAddressPolicy.CheckUrlAsync(uri, outbound.Value.AllowPrivateNetworks, timeout.Token);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
            refusal = $"The host '{uri.Host}' did not resolve within {AddressLookupTimeout.TotalSeconds:0} s; check the name and retry.";
        }

        return refusal is null ? new Dictionary<string, string[]>() : new Dictionary<string, string[]> { [field] = [refusal] };
    }

    public Task<Page<LeadSummary>> SearchLeadsAsync(LeadFilter filter, int limit, string? cursor) =>
        leads.ListAsync(Tenant, filter, limit, cursor, CancellationToken.None);

    public async Task<UsageHistory> GetDailyUsageAsync(DateOnly? from, DateOnly? to)
    {
        var tenant = await GrainFactory.GetGrain<ITenantGrain>(Tenant.Value).GetAsync() ?? throw new TenantNotFoundException(Tenant.Value);
        var zone = TimeZoneInfo.FindSystemTimeZoneById(tenant.Profile.TimeZone);
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(timeProvider.GetUtcNow(), zone).DateTime);
        var last = to ?? (from is { } start && start.AddDays(DefaultUsageDays - 1) < today ? start.AddDays(DefaultUsageDays - 1) : today);
        var first = from ?? last.AddDays(1 - DefaultUsageDays);
        if (first > last)
        {
            throw new ArgumentException($"'from' ({first:yyyy-MM-dd}) must not be after 'to' ({last:yyyy-MM-dd}).", nameof(from));
        }

        if (last.DayNumber - first.DayNumber + 1 > UsageDays.MaxDays)
        {
            throw new ArgumentException($"'from' to 'to' covers at most {UsageDays.MaxDays} days; {first:yyyy-MM-dd} to {last:yyyy-MM-dd} is {last.DayNumber - first.DayNumber + 1}.", nameof(to));
        }

        var days = await usageDays.GetAsync(Tenant, zone, first, last, CancellationToken.None);
        return new UsageHistory(tenant.Profile.TimeZone, (tenant.Limits ?? PlanLimits.Default).LeadsPerDay, days);
    }

    public async Task<WorkflowStats> GetWorkflowStatsAsync(string workflow, int hours)
    {
        if (hours is < 1 or > MaxStatsHours)
        {
            throw new ArgumentException($"'hours' must be between 1 and {MaxStatsHours}; it is {hours}.", nameof(hours));
        }

        if (await GrainFactory.GetGrain<ITenantGrain>(Tenant.Value).GetWorkflowAsync(workflow) is null)
        {
            throw new UnknownWorkflowException($"Workflow '{workflow}' does not exist.");
        }

        var to = timeProvider.GetUtcNow();
        var from = to.AddHours(-hours);
        return new WorkflowStats(workflow, from, to, await stepStats.GetAsync(Tenant, workflow, from, to, CancellationToken.None));
    }

    public Task<BulkRetryOperation?> GetBulkRetryAsync(string operationId) =>
        bulkRetries.GetAsync(Tenant, operationId, CancellationToken.None);
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
