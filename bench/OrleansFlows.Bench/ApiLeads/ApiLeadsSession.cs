using System.Globalization;
using OrleansFlows.Bench.Flows;
using OrleansFlows.Bench.Harness;

namespace OrleansFlows.Bench.ApiLeads;

/// <summary>
/// One store and one shape: a fresh product process on a fresh database, its tenants set up through the REST API, a
/// closed-loop warm-up, then the measured loops.
/// </summary>
internal sealed class ApiLeadsSession(ApiLeadsSettings settings, string repositoryRoot, string benchDll, StandInsProcess standIns, BenchPostgres? postgres, bool countStatements, TextWriter log)
{
    public async Task RunAsync(string store, string shape, ICollection<ApiLeadsRun> runs)
    {
        var (storeSettings, counters, postmaster) = await ProductStore.PrepareAsync(store, postgres, $"apileads_{shape.Replace('-', '_')}", countStatements);

        await using var product = await ProductProcess.StartAsync(repositoryRoot, storeSettings, settings.ProductEnvironment);
        var setup = new TenantSetup(product.BaseAddress, product.OperatorKey, standIns);
        var tenants = new List<ApiTenant>();
        if (shape == ApiLeadsSettings.OneTenant)
        {
            tenants.Add(await setup.CreateAsync("solo", settings.OneTenantConcurrency));
        }
        else
        {
            for (var i = 0; i < settings.Tenants; i++)
            {
                tenants.Add(await setup.CreateAsync($"tenant{i.ToString("D2", CultureInfo.InvariantCulture)}", concurrentOutboundCalls: null));
            }
        }

        var plan = tenants[0].Limits;
        log.WriteLine($"  {store}, {shape}: product pid {product.Process.Pid} at {product.BaseAddress}; {tenants.Count} tenant(s), plan: {plan.ConcurrentOutboundCalls} concurrent outbound calls, {plan.IngestPerMinute:N0} webhooks/min, {plan.LeadsPerDay:N0} leads/day");

        var runner = new LoadRunner(benchDll, product, standIns, new BenchProcesses(product.Process.Pid, postmaster, standIns.Process.Pid), counters);
        var phases = new List<(string Phase, LoadPlan Plan)> { ("warmup", Plan(product, tenants, LoadPlan.Closed, "warm", settings.WarmupLeads)) };
        phases.AddRange(settings.Loops.Select(loop => (loop, Plan(product, tenants, loop, loop, settings.Leads))));
        foreach (var (phase, loadPlan) in phases)
        {
            var (load, cpu, database, productFigures, standInFigures, start, end) = await runner.RunAsync(loadPlan);
            var run = new ApiLeadsRun(store, shape, tenants.Count, plan, phase, load, cpu, database, productFigures, standInFigures, start, end);
            runs.Add(run);
            log.WriteLine("    " + ApiLeadsSummary.Line(run));
        }
    }

    private LoadPlan Plan(ProductProcess product, IReadOnlyList<ApiTenant> tenants, string loop, string prefix, int leads) => new(
        product.BaseAddress,
        standIns.Control,
        tenants,
        BenchTenant.Workflow,
        loop,
        leads,
        settings.InFlight,
        settings.Rate,
        loop == LoadPlan.Open ? settings.DurationSeconds : 0,
        settings.Connections,
        prefix,
        settings.CompletionTimeoutSeconds);
}
