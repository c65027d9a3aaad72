using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using OrleansFlows.Bench.ApiLeads;
using OrleansFlows.Bench.Harness;

namespace OrleansFlows.Bench.QueueLeads;

/// <summary>
/// One store: a fresh product process on a fresh database, one tenant set up through the REST API as api-leads' one
/// tenant (plan not the limit) plus a <c>rabbitmq</c> connection to the benchmark's broker, a pre-filled warm-up, then
/// for each prefetch the pre-filled runs and the steady run.
/// </summary>
internal sealed class QueueLeadsSession(QueueLeadsSettings settings, string repositoryRoot, StandInsProcess standIns, BenchBroker broker, BenchPostgres? postgres, bool countStatements, TextWriter log)
{
    private const string Connection = "events";

    public async Task RunAsync(string store, ICollection<QueueLeadsRun> runs)
    {
        var (storeSettings, counters, postmaster) = await ProductStore.PrepareAsync(store, postgres, "queueleads", countStatements);

        await using var product = await ProductProcess.StartAsync(repositoryRoot, storeSettings, settings.ProductEnvironment);
        var tenant = await new TenantSetup(product.BaseAddress, product.OperatorKey, standIns).CreateAsync("queue", settings.Concurrency);
        await AddBrokerConnectionAsync(product, tenant);
        log.WriteLine($"  {store}: product pid {product.Process.Pid} at {product.BaseAddress}; plan: {tenant.Limits.ConcurrentOutboundCalls} concurrent outbound calls, {tenant.Limits.IngestPerMinute:N0} submissions/min, {tenant.Limits.LeadsPerDay:N0} leads/day");

        var processes = new BenchProcesses(product.Process.Pid, postmaster, standIns.Process.Pid, broker.VmPid);
        var runner = new QueueRunner(product, standIns, broker, processes, counters, tenant, Connection, TimeSpan.FromSeconds(settings.CompletionTimeoutSeconds));
        var number = 0;
        async Task RunAsync(string phase, string loop, int prefetch, int messages)
        {
            var prefix = $"{store[..2]}{(++number).ToString("D2", CultureInfo.InvariantCulture)}p{prefetch.ToString(CultureInfo.InvariantCulture)}";
            var run = await runner.RunAsync(store, phase, loop, prefetch, messages, settings.Rate, prefix);
            runs.Add(run);
            log.WriteLine("    " + QueueLeadsSummary.Line(run));
        }

        await RunAsync("warmup", QueueLeadsSettings.Prefilled, settings.Prefetches[0], settings.WarmupMessages);
        foreach (var prefetch in settings.Prefetches)
        {
            if (settings.Loops.Contains(QueueLeadsSettings.Prefilled))
            {
                for (var i = 0; i < settings.Runs; i++)
                {
                    await RunAsync(QueueLeadsSettings.Prefilled, QueueLeadsSettings.Prefilled, prefetch, settings.Messages);
                }
            }

            if (settings.Loops.Contains(QueueLeadsSettings.Steady))
            {
                await RunAsync(QueueLeadsSettings.Steady, QueueLeadsSettings.Steady, prefetch, (int)Math.Round(settings.Rate * settings.DurationSeconds));
            }
        }
    }

    /// <summary>The tenant's <c>rabbitmq</c> connection to the benchmark's node (calls to this machine are allowed by the product's settings).</summary>
    private async Task AddBrokerConnectionAsync(ProductProcess product, ApiTenant tenant)
    {
        using var http = new HttpClient { BaseAddress = product.BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", tenant.ApiKey);
        using var response = await http.PutAsJsonAsync($"v1/connections/{Connection}", new { kind = "rabbitmq", uri = broker.Server.AmqpUri.ToString() });
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"PUT /v1/connections/{Connection} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }
    }
}
