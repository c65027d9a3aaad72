using System.Collections.Concurrent;
using Orleans.TestingHost;
using OrleansFlows.Cluster.Tests.Hosting;
using OrleansFlows.Contracts.Leads;
using OrleansFlows.Contracts.Tenants;
using OrleansFlows.Grains.Steps;
using OrleansFlows.TestKit.Hosting;
using OrleansFlows.TestKit.Postgres;
using OrleansFlows.TestKit.Saas;
using Xunit.Abstractions;

namespace OrleansFlows.Cluster.Tests;

/// <summary>
/// Leads on a cluster of product silos run to the end while silos crash, stop and join: steps run at least once and
/// exactly once unless a crash cut them, and the sweepers that wake leads move to survivors with the leads.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class LeadFailoverTests(PostgresServer postgres, ITestOutputHelper output) : IAsyncLifetime
{
    private TestStore? _store;
    private ProductCluster? _cluster;
    private EnrichmentServer? _enrichment;
    private SlackReceiver? _slack;

    private ProductCluster Cluster => _cluster!;

    private EnrichmentServer Enrichment => _enrichment!;

    private SlackReceiver Slack => _slack!;

    public async Task InitializeAsync()
    {
        _store = await TestStore.PostgresAsync(postgres, nameof(LeadFailoverTests));
        _enrichment = await EnrichmentServer.StartAsync();
        _slack = await SlackReceiver.StartAsync();
    }

    public async Task DisposeAsync()
    {
        if (_cluster is not null)
        {
            await _cluster.DisposeAsync();
        }

        if (_enrichment is not null)
        {
            await _enrichment.DisposeAsync();
        }

        if (_slack is not null)
        {
            await _slack.DisposeAsync();
        }

        if (_store is not null)
        {
            await _store.DisposeAsync();
        }
    }

    [Fact]
    public async Task SubmitLeads_SiloKilledStoppedAndAdded_EveryLeadCompletesOnce()
    {
        const int Count = 60;
        _cluster = await ProductCluster.StartAsync(_store!, silos: 3);
        var tenant = await Cluster.Client.CreateTenantAsync(Enrichment.BaseAddress, Slack.WebhookUrl("sales"));
        await Cluster.Client.PublishAsync(tenant, "enrich", ClusterWorkflows.EnrichThenNotify(timeout: "3s"));
        Enrichment.Delay(TimeSpan.FromMilliseconds(400));

        var submitting = Task.Run(() => SubmitAllAsync(tenant, Count));
        await Enrichment.WaitForRequestsAsync(Count / 4, TimeSpan.FromSeconds(30));
        var victim = Cluster.Silos[1];
        var killedAt = DateTimeOffset.UtcNow;
        await Cluster.KillAsync(victim);
        // A call the dying silo had already sent may arrive while the kill is under way: the kill spans both instants.
        var deadAt = DateTimeOffset.UtcNow;
        output.WriteLine($"{killedAt:HH:mm:ss.fff}-{deadAt:HH:mm:ss.fff} killed {victim}");

        // While the new silo starts, another stops gracefully with attempts of its own in flight.
        var stopped = Cluster.Silos[0];
        var adding = Cluster.AddSiloAsync();
        await Cluster.StopAsync(stopped);
        output.WriteLine($"{DateTimeOffset.UtcNow:HH:mm:ss.fff} stopped {stopped} after {Enrichment.Requests.Count} enrichment request(s)");
        var added = await adding;
        output.WriteLine($"{DateTimeOffset.UtcNow:HH:mm:ss.fff} added {added}");

        var leads = await submitting.WaitAsync(TimeSpan.FromSeconds(60));
        var done = new List<LeadView>();
        foreach (var lead in leads)
        {
            done.Add(await Cluster.Client.WaitForStatusAsync(lead, LeadStatus.Completed, TimeSpan.FromSeconds(45)));
        }

        // Enrichment: every lead's completed attempt was received with its own key; a key arrived twice only when
        // the crash cut its attempt (it arrived before the kill, and again on a survivor).
        var requests = Enrichment.Requests;
        Assert.All(requests, r => Assert.NotNull(r.IdempotencyKey));
        var keysOfLeads = new Dictionary<string, LeadKey>();
        foreach (var (lead, view) in leads.Zip(done))
        {
            var attempts = view.Steps.Single(s => s.StepId == "enrich").Attempts;
            for (var attempt = 1; attempt <= attempts; attempt++)
            {
                keysOfLeads[StepIdempotency.Key(lead, "enrich", attempt)] = lead;
            }

            Assert.Contains(requests, r => r.IdempotencyKey == StepIdempotency.Key(lead, "enrich", attempts));
        }

        Assert.All(requests, r => Assert.True(keysOfLeads.ContainsKey(r.IdempotencyKey!), $"Request with unknown key {r.IdempotencyKey}."));
        AssertRepeatsOnlyAcrossTheKill(requests.Select(r => (r.IdempotencyKey!, r.ReceivedAt)), killedAt, deadAt, "enrichment");

        // Slack: one message per lead; a repeat only for a post the crash cut, under the same key.
        var messages = Slack.Messages;
        Assert.Equal(
            leads.Select((_, i) => $"lead lead{i}@example.com scored {EnrichmentServer.DefaultScore}").Order(),
            messages.Select(m => m.Text).Distinct().Order());
        Assert.All(messages.GroupBy(m => m.Text), g => Assert.Single(g.Select(m => m.IdempotencyKey).Distinct()));
        AssertRepeatsOnlyAcrossTheKill(messages.Select(m => (m.IdempotencyKey!, m.ReceivedAt)), killedAt, deadAt, "slack");
        output.WriteLine($"{requests.Count} enrichment request(s), {messages.Count} Slack message(s) for {Count} leads");
    }

    [Fact]
    public async Task WaitingLead_SiloWithLeadAndSweeperKilled_CompletesOnSurvivor()
    {
        _cluster = await ProductCluster.StartAsync(_store!, silos: 2);
        var tenant = await Cluster.Client.CreateTenantAsync(Enrichment.BaseAddress, Slack.WebhookUrl("sales"));
        await Cluster.Client.PublishAsync(tenant, "waiting", ClusterWorkflows.Waiting("4s"));

        // Placement decides where leads and sweepers live; if none of these leads shares a silo with the sweeper of its
        // partition, the first lead's sweeper is moved to the lead's silo.
        var leads = new List<LeadKey>();
        for (var i = 0; i < 12; i++)
        {
            var key = $"wait-{i}";
            Assert.True((await Cluster.Client.SubmitAsync(tenant, "waiting", $$"""{"email":"wait{{i}}@example.com"}""", key)).Created);
            leads.Add(ClusterTenants.LeadFor(tenant, "waiting", key));
        }

        (LeadKey Lead, SiloHandle Silo)? chosen = null;
        foreach (var lead in leads)
        {
            await Cluster.Client.WaitForStatusAsync(lead, LeadStatus.Waiting, TimeSpan.FromSeconds(10));
            var leadSilo = await Cluster.HostOfAsync(Cluster.Client.GetGrain<ILeadGrain>(lead.ToString()));
            var sweeperSilo = await Cluster.HostOfAsync(await SweeperOfAsync(lead));
            if (leadSilo is not null && leadSilo == sweeperSilo)
            {
                chosen ??= (lead, leadSilo);
            }
        }

        if (chosen is null)
        {
            var lead = leads[0];
            var leadSilo = await Cluster.HostOfAsync(Cluster.Client.GetGrain<ILeadGrain>(lead.ToString()));
            Assert.NotNull(leadSilo);
            await Cluster.MoveAsync(await SweeperOfAsync(lead), leadSilo);
            output.WriteLine($"moved the sweeper of {lead} to {leadSilo}, which holds the lead");
            chosen = (lead, leadSilo);
        }

        var (victimLead, victim) = chosen.Value;
        await Cluster.KillAsync(victim);
        output.WriteLine($"{DateTimeOffset.UtcNow:HH:mm:ss.fff} killed {victim}, which held {victimLead} and its sweeper");

        var done = await Cluster.Client.WaitForStatusAsync(victimLead, LeadStatus.Completed, TimeSpan.FromSeconds(30));
        Assert.Equal(StepStatus.Completed, done.Steps.Single(s => s.StepId == "cool").Status);
        var survivor = Assert.Single(Cluster.Silos);
        Assert.Equal(survivor, await Cluster.HostOfAsync(Cluster.Client.GetGrain<ILeadGrain>(victimLead.ToString())));
        foreach (var lead in leads)
        {
            await Cluster.Client.WaitForStatusAsync(lead, LeadStatus.Completed, TimeSpan.FromSeconds(20));
        }

        await Slack.WaitForMessagesAsync(leads.Count, TimeSpan.FromSeconds(10));
        Assert.Equal(leads.Count, Slack.Messages.Select(m => m.Text).Distinct().Count());
    }

    /// <summary>The sweeper of the lead's wake partition, which is stored on the lead row with its wake time.</summary>
    private async Task<Grains.Sweepers.ISweeperGrain> SweeperOfAsync(LeadKey lead)
    {
        var partition = Convert.ToInt32(
            await _store!.ScalarAsync($"SELECT wake_partition FROM leads WHERE tenant_id = '{lead.Tenant.Value}' AND lead_id = '{lead.LeadId}'"),
            System.Globalization.CultureInfo.InvariantCulture);
        return Cluster.Client.GetGrain<Grains.Sweepers.ISweeperGrain>(partition.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    /// <summary>Submits the leads a few at a time, each retried under its own idempotency key until the cluster accepts it.</summary>
    private async Task<IReadOnlyList<LeadKey>> SubmitAllAsync(TenantId tenant, int count)
    {
        var leads = new LeadKey[count];
        var failures = new ConcurrentBag<string>();
        await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (i, _) =>
        {
            var key = $"form-{i}";
            var body = $$"""{"email":"lead{{i}}@example.com","name":"Lead {{i}}"}""";
            var deadline = DateTimeOffset.UtcNow + TimeSpan.FromSeconds(40);
            while (true)
            {
                try
                {
                    await Cluster.Client.SubmitAsync(tenant, "enrich", body, key).WaitAsync(TimeSpan.FromSeconds(12));
                    leads[i] = ClusterTenants.LeadFor(tenant, "enrich", key);
                    return;
                }
                catch (Exception exception) when (DateTimeOffset.UtcNow < deadline && exception is not (LeadValidationException or LeadConflictException))
                {
                    // A silo went away under the call; the same key makes the retry safe.
                    failures.Add($"{key}: {exception.GetType().Name}");
                    await Task.Delay(200);
                }
            }
        });
        output.WriteLine($"{failures.Count} submission(s) retried: {string.Join(", ", failures)}");
        return leads;
    }

    /// <summary>A key may arrive twice only when its first arrival came no later than the kill ended and its second after the kill began.</summary>
    private void AssertRepeatsOnlyAcrossTheKill(IEnumerable<(string Key, DateTimeOffset At)> arrivals, DateTimeOffset killedAt, DateTimeOffset deadAt, string what)
    {
        foreach (var repeated in arrivals.GroupBy(a => a.Key).Where(g => g.Count() > 1))
        {
            var times = repeated.Select(a => a.At).Order().ToArray();
            output.WriteLine($"{what}: key {repeated.Key} arrived {times.Length} times: {string.Join(", ", times.Select(t => t.ToString("HH:mm:ss.fff", System.Globalization.CultureInfo.InvariantCulture)))}");
            Assert.Equal(2, times.Length);
            Assert.True(times[0] <= deadAt && times[1] > killedAt, $"{what}: key {repeated.Key} repeated without a crash between its arrivals ({times[0]:O}, {times[1]:O}; killed from {killedAt:O} to {deadAt:O}).");
        }
    }
}
