using System.Text.Json.Nodes;
using OrleansFlows.Contracts.Leads;
using OrleansFlows.Contracts.Tenants;
using OrleansFlows.Grains.Tests.Leads;
using OrleansFlows.TestKit.Hosting;
using OrleansFlows.TestKit.Saas;

namespace OrleansFlows.Grains.Tests.Steps;

/// <summary>
/// A burst of leads behind a tenant's cap: leads already under way go ahead of the burst's first steps, so they finish
/// while the burst still drains, and no attempt is called twice though the leads' wake times (a 5 s timeout plus a
/// 100 ms margin) pass while they queue.
/// </summary>
public sealed class StepBacklogTests : IAsyncLifetime
{
    private const int Leads = 24;
    private static readonly TimeSpan Hold = TimeSpan.FromMilliseconds(150);

    private EnrichmentServer _server = null!;
    private LeadTestSilo _silo = null!;

    public async Task InitializeAsync()
    {
        _server = await EnrichmentServer.StartAsync();
        _silo = await LeadTestSilo.StartAsync(TestStore.Sqlite(), new Dictionary<string, string?>
        {
            ["OrleansFlows:Steps:TenantLimitsRefresh"] = "00:00:00.200",
            ["OrleansFlows:Leads:ResumeMargin"] = "00:00:00.100",
        });
    }

    public async Task DisposeAsync()
    {
        await _silo.DisposeAsync();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task Run_BurstOfLeadsAtTheCap_LeadsUnderWayFinishBeforeTheBurstsLastFirstStep()
    {
        var tenant = await _silo.CreateTenantAsync(("enrichment", _server.BaseAddress));
        await _silo.Silo.Grains.GetGrain<ITenantGrain>(tenant.Value).SetLimitsAsync(PlanLimits.Default with { ConcurrentOutboundCalls = 2 });
        await _silo.PublishAsync(tenant, "twice", TwoCalls());

        // The first two calls take the tenant's two slots and are held while the rest of the burst is submitted, so
        // every first step is queued before any lead can go on to its next step.
        _server.Delay(TimeSpan.FromSeconds(3));
        var leads = await Task.WhenAll(Enumerable.Range(0, Leads)
            .Select(i => _silo.SubmitAsync(tenant, "twice", $$"""{"email":"b{{i}}@example.com"}""", $"burst-{i}")));
        Assert.InRange(_server.Requests.Count, 0, 2);
        _server.Delay(Hold);

        foreach (var lead in leads)
        {
            await _silo.WaitForStatusAsync(lead, LeadStatus.Completed, TimeSpan.FromSeconds(60));
        }

        var paths = _server.Requests.Select(r => r.Path).ToList();
        var lastFirstStep = paths.LastIndexOf("/enrich");
        var nextStepsBefore = paths.Take(lastFirstStep).Count(p => p == "/confirm");
        var order = string.Join(" ", paths.Select(p => p == "/enrich" ? "E" : "C"));

        // First in first out, every first step would run before any next step (0 of them before the last first step).
        Assert.True(
            nextStepsBefore >= Leads / 2,
            $"Only {nextStepsBefore} of {Leads} next steps ran before the burst's last first step; arrival order: {order}.");
        Assert.Equal(Leads * 2, paths.Count);
        Assert.Equal(Leads * 2, _server.Requests.Select(r => r.IdempotencyKey).Distinct().Count());
    }

    private static JsonObject TwoCalls() => new()
    {
        ["input"] = JsonNode.Parse("""{"type":"object","required":["email"],"properties":{"email":{"type":"string"}}}"""),
        ["steps"] = JsonNode.Parse("""
            [
              {"id":"enrich","kind":"http","connection":"enrichment","method":"POST","path":"/enrich","body":{"email":"{{ input.email }}"},"timeout":"5s"},
              {"id":"confirm","kind":"http","connection":"enrichment","method":"POST","path":"/confirm","body":{"email":"{{ input.email }}"},"timeout":"5s"}
            ]
            """),
    };
}
