using System.Diagnostics;
using OrleansFlows.Contracts.Leads;
using OrleansFlows.Contracts.Tenants;
using OrleansFlows.Grains.Tests.Leads;
using OrleansFlows.TestKit.Hosting;
using OrleansFlows.TestKit.Saas;
using Xunit.Abstractions;
using LeadWorkflows = OrleansFlows.Grains.Tests.Leads.Workflows;

namespace OrleansFlows.Grains.Tests.Steps;

/// <summary>
/// The CI-sized fairness check of the issue: tenant A floods the silo with 2,000 leads against its own slow enrichment
/// API (200 ms a call), and tenant B's single lead, on its own fast connection, still completes within 5 s.
/// </summary>
public sealed class StepExecutorFairnessTests(ITestOutputHelper output)
{
    private const int FloodLeads = 2_000;
    private const int SubmitBatch = 100;
    private static readonly TimeSpan SlowCall = TimeSpan.FromMilliseconds(200);
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task Submit_OtherTenantFloodsSlowConnection_LeadCompletesWithinBound()
    {
        await using var slow = await EnrichmentServer.StartAsync();
        await using var fast = await EnrichmentServer.StartAsync();
        slow.Delay(SlowCall);
        var silo = await LeadTestSilo.StartAsync(TestStore.Sqlite(), new Dictionary<string, string?>
        {
            // The production margin: it covers queueing in the executor, which is what this test builds up.
            ["OrleansFlows:Leads:ResumeMargin"] = "00:02:00",
        });
        var disposed = false;
        try
        {
            var a = await silo.CreateTenantAsync(("enrichment", slow.BaseAddress));
            var b = await silo.CreateTenantAsync(("enrichment", fast.BaseAddress));
            await silo.PublishAsync(a, "enrich", LeadWorkflows.SingleCall());
            await silo.PublishAsync(b, "enrich", LeadWorkflows.SingleCall());
            await TimeLeadAsync(silo, b, "warm-up");
            var idle = await TimeLeadAsync(silo, b, "idle");

            var flooding = Stopwatch.StartNew();
            for (var batch = 0; batch < FloodLeads / SubmitBatch; batch++)
            {
                await Task.WhenAll(Enumerable.Range(batch * SubmitBatch, SubmitBatch)
                    .Select(i => silo.SubmitAsync(a, "enrich", $$"""{"email":"a{{i}}@a.example"}""", $"a-{i}")));
            }

            var submitted = flooding.Elapsed;
            var answeredBefore = slow.Requests.Count;
            var contended = await TimeLeadAsync(silo, b, "contended");
            var answeredAfter = slow.Requests.Count;

            output.WriteLine(
                $"B idle: {idle.TotalMilliseconds:0} ms; A's {FloodLeads} leads submitted in {submitted.TotalMilliseconds:0} ms; "
                + $"B under A's flood: {contended.TotalMilliseconds:0} ms; A's calls made: {answeredBefore} before B, {answeredAfter} after B.");
            Assert.True(contended < Bound, $"B's lead took {contended.TotalMilliseconds:0} ms under A's flood (bound {Bound.TotalMilliseconds:0} ms; idle {idle.TotalMilliseconds:0} ms).");
            Assert.True(
                answeredAfter < FloodLeads - 100,
                $"A's backlog was gone before B finished ({answeredAfter} of {FloodLeads} calls made), so the test measured no contention.");

            var stopping = Stopwatch.StartNew();
            disposed = true;
            await silo.DisposeAsync();
            output.WriteLine($"Silo stopped in {stopping.ElapsedMilliseconds} ms with A's backlog queued.");
            Assert.True(stopping.Elapsed < TimeSpan.FromSeconds(20), $"Stopping the silo with A's backlog queued took {stopping.Elapsed}.");
        }
        finally
        {
            if (!disposed)
            {
                await silo.DisposeAsync();
            }
        }
    }

    private static async Task<TimeSpan> TimeLeadAsync(LeadTestSilo silo, TenantId tenant, string key)
    {
        var clock = Stopwatch.StartNew();
        var lead = await silo.SubmitAsync(tenant, "enrich", """{"email":"b@b.example"}""", key);
        await silo.WaitForStatusAsync(lead, LeadStatus.Completed, TimeSpan.FromSeconds(30));
        return clock.Elapsed;
    }
}
