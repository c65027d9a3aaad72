using Microsoft.Extensions.DependencyInjection;
using OrleansFlows.Contracts.Leads;
using OrleansFlows.Contracts.Reconciliation;
using OrleansFlows.Contracts.Tenants;
using OrleansFlows.Grains.Leads;
using OrleansFlows.Grains.Reconciliation;
using OrleansFlows.Grains.Tests.Leads;
using OrleansFlows.TestKit.Hosting;

namespace OrleansFlows.Grains.Tests.Reconciliation;

/// <summary>A product silo with test-sized reconciliation timings, and helpers to submit leads and wait for runs.</summary>
internal sealed class ReconciliationTestSilo : IAsyncDisposable
{
    public const string Zone = "Europe/Berlin";

    private readonly LeadTestSilo _silo;

    private ReconciliationTestSilo(LeadTestSilo silo) => _silo = silo;

    public IServiceProvider Services => _silo.Silo.Services;

    public IGrainFactory Grains => _silo.Silo.Grains;

    public static readonly IReadOnlyDictionary<string, string?> Settings = new Dictionary<string, string?>
    {
        ["OrleansFlows:Reconciliation:ChunkRetryDelay"] = "00:00:00.050",
        ["OrleansFlows:Reconciliation:ChunkTimeout"] = "00:00:02",
        ["OrleansFlows:Reconciliation:MaxChunkAttempts"] = "3",
        ["OrleansFlows:Reconciliation:StuckAfter"] = "00:00:01",
    };

    public static async Task<ReconciliationTestSilo> StartAsync(TestStore store) => new(await LeadTestSilo.StartAsync(store, Settings));

    public IReconciliationGrain Reconciliation(TenantId tenant) => Grains.GetGrain<IReconciliationGrain>(tenant.Value);

    public ITenantGrain Tenant(TenantId tenant) => Grains.GetGrain<ITenantGrain>(tenant.Value);

    public Task<TenantId> CreateTenantAsync(params (string Name, Uri BaseUrl)[] connections) => _silo.CreateTenantAsync(connections);

    public Task PublishAsync(TenantId tenant, string workflow, System.Text.Json.Nodes.JsonObject definition) => _silo.PublishAsync(tenant, workflow, definition);

    /// <summary>Submits leads and waits for each to reach <paramref name="status"/>; returns them with the business date they were accepted on.</summary>
    public async Task<(IReadOnlyList<LeadView> Leads, DateOnly BusinessDate)> SubmitAsync(TenantId tenant, string workflow, int count, LeadStatus status, string prefix = "lead")
    {
        var leads = new List<LeadView>();
        for (var i = 0; i < count; i++)
        {
            var key = await _silo.SubmitAsync(tenant, workflow, $$"""{"email":"{{prefix}}{{i}}@example.com","amount":{{i + 1}}}""", $"{prefix}-{i}");
            leads.Add(await _silo.WaitForStatusAsync(key, status));
        }

        var date = DateOnly.ParseExact(BusinessDates.Of(leads[0].AcceptedAt, Zone), "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        return (leads, date);
    }

    /// <summary>Waits until the run has finished (completed or failed) and returns it with its report.</summary>
    public async Task<ReconciliationRunView> WaitForRunAsync(TenantId tenant, string runId, TimeSpan? timeout = null)
    {
        var (date, attempt) = ReconciliationRows.ParseRunId(runId) ?? throw new ArgumentException($"'{runId}' is not a run id.", nameof(runId));
        var runs = Services.GetRequiredService<ReconciliationRuns>();
        var limit = timeout ?? TimeSpan.FromSeconds(30);
        var deadline = DateTimeOffset.UtcNow + limit;
        ReconciliationRunView? last = null;
        while (DateTimeOffset.UtcNow < deadline)
        {
            last = await runs.GetAsync(tenant, date, attempt, CancellationToken.None);
            if (last is { Status: not ReconciliationRunStatus.Running })
            {
                return last;
            }

            await Task.Delay(25);
        }

        throw new TimeoutException($"Run {runId} of {tenant} did not finish within {limit}: it is {(last is null ? "not recorded" : last.Status.ToString())}.");
    }

    public Task<LeadView> WaitForStatusAsync(LeadKey lead, LeadStatus status) => _silo.WaitForStatusAsync(lead, status);

    public ValueTask DisposeAsync() => _silo.DisposeAsync();

    public static LeadKey KeyOf(LeadView lead) => LeadKey.Create(TenantId.Parse(lead.TenantId), lead.LeadId);
}
