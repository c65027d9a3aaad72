using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using OrleansFlows.Contracts.Leads;
using OrleansFlows.Contracts.Tenants;
using OrleansFlows.Grains.Steps;
using OrleansFlows.TestKit.RabbitMq;
using OrleansFlows.TestKit.Saas;
using Xunit.Abstractions;
using static OrleansFlows.Api.Tests.RabbitMq.QueueTriggerTests;

namespace OrleansFlows.Api.Tests.Cluster;

/// <summary>
/// Real processes: <c>deploy/local/cluster.sh</c> starts PostgreSQL, three silos and a client-mode API; a throwaway
/// RabbitMQ node holds a queue of messages that a workflow's queue trigger consumes. While the stream runs, the silo
/// that hosts the trigger's consumer is sent <c>kill -9</c>. Its unacknowledged messages go back to the queue, the
/// consumer's reminder brings it back on a survivor, and every message ends as exactly one lead that ran each step once.
/// </summary>
[Trait("Category", "Cluster")]
[Collection(LocalClusterCollection.Name)]
public sealed class QueueConsumerKillTests : IAsyncLifetime
{
    private const int Messages = 1500;
    private const int KillAfterAcked = 300;
    private const int Prefetch = 50;
    private const string TenantName = "qkill";
    private const string Workflow = "orders";

    // The consumer comes back on its reminder (period 1 minute) once the survivors have declared the silo dead (a few
    // seconds with the script's probe timings); the rest is slack for a loaded machine.
    private static readonly TimeSpan FailoverBound = TimeSpan.FromMinutes(1) + TimeSpan.FromSeconds(25);

    private readonly LocalClusterScript _cluster = new();
    private readonly ITestOutputHelper _output;
    private RabbitMqServer? _broker;
    private EnrichmentServer? _enrichment;
    private bool _passed;

    public QueueConsumerKillTests(ITestOutputHelper output)
    {
        _output = output;

        // The broker and the enrichment stand-in listen on 127.0.0.1.
        _cluster.Environment["ALLOW_PRIVATE_NETWORKS"] = "1";

        // An enrichment call that the killed silo was running runs again once its timeout (20 s) and this have passed,
        // or sooner when its lead is activated on a survivor that knows the silo is gone.
        _cluster.Environment["RESUME_MARGIN"] = "00:00:03";
    }

    public async Task InitializeAsync() => _enrichment = await EnrichmentServer.StartAsync();

    public async Task DisposeAsync()
    {
        await _cluster.RunAsync("stop", TimeSpan.FromMinutes(2));

        // After a failure the processes' logs stay in the state folder's logs/.
        if (_passed)
        {
            _cluster.DeleteState();
        }

        if (_broker is not null)
        {
            await _broker.DisposeAsync();
        }

        if (_enrichment is not null)
        {
            await _enrichment.DisposeAsync();
        }
    }

    [Fact]
    public async Task KillNineOfTheConsumersSiloMidStream_EveryMessageIsOneLeadRunOnce_AndASurvivorConsumesTheRest()
    {
        // The broker starts while the cluster does: both take seconds, and the machine has cores to spare for neither.
        var clock = Stopwatch.StartNew();
        var brokerStarting = RabbitMqServer.StartThrowawayAsync();
        var start = await _cluster.RunAsync("start", TimeSpan.FromMinutes(3));
        _broker = await brokerStarting;
        Assert.True(start.ExitCode == 0, $"cluster.sh start failed: {start}");
        _output.WriteLine($"{clock.Elapsed.TotalSeconds:F1} s: cluster and broker up");
        var settings = _cluster.ReadSettings();
        var enrichment = _enrichment!;

        using var tenant = await CreateTenantAsync(new Uri(settings["API_URL"]), settings["OPERATOR_KEY"]);
        await PutAsync(tenant, "/v1/connections/events", new { kind = "rabbitmq", uri = _broker.AmqpUri.ToString() });
        await PutAsync(tenant, "/v1/connections/enrichment", new { kind = "http", baseUrl = enrichment.BaseAddress.ToString() });

        // The whole stream waits in the queue before the trigger exists, so the consumer is busy from its first moment.
        var (queue, _) = await DeclareQueueAsync(_broker);
        await SendAsync(_broker, queue, Enumerable.Range(0, Messages).Select(i => ((string?)MessageId(i), RabbitMq.QueueTriggerTests.Json(new { email = Email(i) }))));
        Assert.Equal((uint)Messages, await MessageCountAsync(_broker, queue));
        await PutAsync(tenant, $"/v1/workflows/{Workflow}", Definition(queue));
        _output.WriteLine($"{clock.Elapsed.TotalSeconds:F1} s: {Messages} messages queued, trigger published");

        // Some hundreds acked: the kill falls mid-stream, with a prefetch's worth of deliveries in flight on the victim.
        var beforeKill = await WaitForTriggerAsync(tenant, s => s.GetProperty("acked").GetInt64() >= KillAfterAcked, TimeSpan.FromSeconds(90));
        var victim = ConsumerSilo(queue);
        var killedAt = DateTimeOffset.UtcNow;
        var kill = await _cluster.RunAsync($"kill-silo {victim}", TimeSpan.FromSeconds(30));
        var deadAt = DateTimeOffset.UtcNow;
        var sinceKill = Stopwatch.StartNew();
        Assert.True(kill.ExitCode == 0, kill.ToString());
        _output.WriteLine($"{clock.Elapsed.TotalSeconds:F1} s ({killedAt:HH:mm:ss.fff}): killed silo {victim}, which consumed the queue: {beforeKill}");

        // From here on the test never asks for the trigger's state until the queue is empty: that request would
        // activate the consumer itself, and this test is about the consumer coming back on its own.
        var (left, _) = await QueueStateAsync(_broker, queue);
        Assert.True(left > 0, $"The queue was already empty when silo {victim} was killed; the kill was not mid-stream.");
        await WaitForQueueAsync(_broker, queue, (_, consumers) => consumers == 0, TimeSpan.FromSeconds(15), "the killed consumer to leave the broker");
        await WaitForQueueAsync(_broker, queue, (_, consumers) => consumers == 1, FailoverBound - sinceKill.Elapsed, "a consumer on a survivor");
        var failover = sinceKill.Elapsed;
        _output.WriteLine($"{left} message(s) ready at the kill; a survivor consumed again {failover.TotalSeconds:F1} s after it");
        await WaitForQueueAsync(_broker, queue, (ready, _) => ready == 0, TimeSpan.FromSeconds(90), "the queue to be consumed");
        _output.WriteLine($"{clock.Elapsed.TotalSeconds:F1} s: queue consumed");

        // No message lost: each is one lead, whose one record the store step wrote.
        var expected = Enumerable.Range(0, Messages).Select(i => LeadIds.FromIdempotencyKey(Workflow, MessageId(i))).Order(StringComparer.Ordinal).ToList();
        var records = await WaitForAllRecordsAsync(tenant, Messages, TimeSpan.FromSeconds(90));
        Assert.Equal(expected, records.Order(StringComparer.Ordinal));
        await WaitForCompletedLeadsAsync(tenant, Messages, TimeSpan.FromSeconds(60));
        _output.WriteLine($"{clock.Elapsed.TotalSeconds:F1} s: every lead completed");

        // None run twice: per step, one succeeded attempt per lead, and nothing running.
        var stats = await tenant.GetFromJsonAsync<JsonElement>($"/v1/workflows/{Workflow}/stats?hours=1");
        _output.WriteLine($"stats: {stats}");
        foreach (var step in new[] { "enrich", "save" })
        {
            var counts = stats.GetProperty("steps").EnumerateArray().Single(s => s.GetProperty("step").GetString() == step);
            Assert.Equal(Messages, counts.GetProperty("succeeded").GetInt32());
            Assert.Equal(0, counts.GetProperty("running").GetInt32());
        }

        // The enrichment stand-in saw each lead's one attempt once; a key arrived twice only when the kill cut that
        // attempt (it arrived before the kill ended, and again after it began), and such a lead still completed once.
        var leadOfKey = Enumerable.Range(0, Messages).ToDictionary(
            i => StepIdempotency.Key(LeadKey.Create(TenantId.Parse(TenantName), LeadIds.FromIdempotencyKey(Workflow, MessageId(i))), "enrich", 1),
            i => LeadIds.FromIdempotencyKey(Workflow, MessageId(i)));
        var requests = enrichment.Requests;
        var unknown = requests.Where(r => r.IdempotencyKey is null || !leadOfKey.ContainsKey(r.IdempotencyKey)).ToList();
        Assert.True(unknown.Count == 0, $"{unknown.Count} enrichment request(s) with a key of no lead's first attempt, such as {unknown.FirstOrDefault()?.IdempotencyKey}.");
        Assert.Equal(leadOfKey.Keys.Order(StringComparer.Ordinal), requests.Select(r => r.IdempotencyKey!).Distinct().Order(StringComparer.Ordinal));
        var repeated = requests.GroupBy(r => r.IdempotencyKey!).Where(g => g.Count() > 1).ToList();
        foreach (var group in repeated)
        {
            var times = group.Select(r => r.ReceivedAt).Order().ToArray();
            Assert.True(
                times.Length == 2 && times[0] <= deadAt && times[1] > killedAt,
                $"Enrichment key {group.Key} arrived {times.Length} times ({string.Join(", ", times.Select(t => t.ToString("HH:mm:ss.fff", CultureInfo.InvariantCulture)))}), not once before and once after the kill ({killedAt:HH:mm:ss.fff}-{deadAt:HH:mm:ss.fff}).");
            await AssertRanOnceAsync(tenant, leadOfKey[group.Key]);
        }

        // A sample of the leads the restarted consumer accepted shows the same on the lead itself.
        foreach (var leadId in expected.Take(5))
        {
            await AssertRanOnceAsync(tenant, leadId);
        }

        _output.WriteLine($"{requests.Count} enrichment request(s) for {Messages} leads; {repeated.Count} repeated across the kill");

        // The consumer reports connected again, on a survivor, with every delivery it took settled; one consumer in the cluster.
        var after = await WaitForTriggerAsync(
            tenant,
            s => s.GetProperty("consumed").GetInt64() == s.GetProperty("acked").GetInt64() + s.GetProperty("requeued").GetInt64(),
            TimeSpan.FromSeconds(30));
        _output.WriteLine($"after: {after}");
        Assert.Equal("connected", after.GetProperty("state").GetString());
        Assert.Equal(0, after.GetProperty("rejected").GetInt64());
        Assert.True(after.GetProperty("lastConnectedAt").GetDateTimeOffset() > killedAt, $"The consumer did not connect again after the kill: {after}");
        var survivor = ConsumerSilo(queue, after: victim);
        Assert.NotEqual(victim, survivor);
        Assert.Equal((0u, 1u), await QueueStateAsync(_broker, queue));
        _passed = true;
    }

    private static string MessageId(int i) => $"order-{i}";

    private static string Email(int i) => $"buyer{i}@example.com";

    /// <summary>The silo whose log says it started consuming <paramref name="queue"/> (the last one, when it moved); one silo only, other than <paramref name="after"/>.</summary>
    private int ConsumerSilo(string queue, int? after = null)
    {
        var consuming = Enumerable.Range(1, 3)
            .Where(n => n != after && File.ReadAllText(Path.Combine(_cluster.LogDirectory, $"silo{n}.log")).Contains($"consuming queue {queue} ", StringComparison.Ordinal))
            .ToList();
        Assert.True(consuming.Count == 1, $"Expected one silo{(after is null ? "" : $" other than {after}")} to log that it consumes {queue}; found: {string.Join(", ", consuming)}.");
        return consuming[0];
    }

    /// <summary>The lead completed once, and each step shows one attempt, which succeeded.</summary>
    private static async Task AssertRanOnceAsync(HttpClient tenant, string leadId)
    {
        var lead = await tenant.GetFromJsonAsync<JsonElement>($"/v1/leads/{leadId}");
        Assert.Equal("completed", lead.GetProperty("status").GetString());
        Assert.Single(lead.GetProperty("audit").EnumerateArray(), e => e.GetProperty("event").GetString() == "completed");
        Assert.Single(lead.GetProperty("audit").EnumerateArray(), e => e.GetProperty("event").GetString() == "accepted");
        foreach (var step in new[] { "enrich", "save" })
        {
            var attempt = Assert.Single(lead.GetProperty("attempts").EnumerateArray(), a => a.GetProperty("stepId").GetString() == step);
            Assert.Equal("succeeded", attempt.GetProperty("outcome").GetString());
        }
    }

    private static async Task<(uint Ready, uint Consumers)> QueueStateAsync(RabbitMqServer broker, string queue)
    {
        await using var connection = await broker.ConnectAsync();
        await using var channel = await connection.CreateChannelAsync();
        var declared = await channel.QueueDeclarePassiveAsync(queue);
        return (declared.MessageCount, declared.ConsumerCount);
    }

    private static async Task WaitForQueueAsync(RabbitMqServer broker, string queue, Func<uint, uint, bool> done, TimeSpan timeout, string what)
    {
        var clock = Stopwatch.StartNew();
        var last = (Ready: 0u, Consumers: 0u);
        while (clock.Elapsed < timeout)
        {
            last = await QueueStateAsync(broker, queue);
            if (done(last.Ready, last.Consumers))
            {
                return;
            }

            // Only the broker tells how far the consumers got without asking the product.
            await Task.Delay(250);
        }

        throw new TimeoutException($"Waited {timeout} for {what}; the queue last had {last.Ready} ready message(s) and {last.Consumers} consumer(s).");
    }

    /// <summary>The lead ids of all stored records, once there are <paramref name="count"/>, read page by page at a calm pace.</summary>
    private static async Task<List<string>> WaitForAllRecordsAsync(HttpClient tenant, int count, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        var leads = await PagesAsync(tenant, "/v1/records?limit=200", "leadId");
        while (leads.Count < count && clock.Elapsed < timeout)
        {
            await Task.Delay(1000);
            leads = await PagesAsync(tenant, "/v1/records?limit=200", "leadId");
        }

        Assert.True(leads.Count >= count, $"Only {leads.Count} of {count} records were stored within {timeout}.");

        // A moment more: a second run of a lead would show up as an extra record.
        await Task.Delay(1000);
        return await PagesAsync(tenant, "/v1/records?limit=200", "leadId");
    }

    private static async Task WaitForCompletedLeadsAsync(HttpClient tenant, int count, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        var completed = await PagesAsync(tenant, $"/v1/leads?status=completed&workflow={Workflow}&limit=200", "leadId");
        while (completed.Count < count && clock.Elapsed < timeout)
        {
            await Task.Delay(1000);
            completed = await PagesAsync(tenant, $"/v1/leads?status=completed&workflow={Workflow}&limit=200", "leadId");
        }

        Assert.Equal(count, completed.Distinct().Count());
    }

    private static async Task<List<string>> PagesAsync(HttpClient tenant, string path, string property)
    {
        var values = new List<string>();
        string? cursor = null;
        var pages = 0;
        do
        {
            // A cursor that never ends would page forever; a few more pages than the test stores is the limit.
            Assert.True(++pages <= (Messages / 200) + 5, $"Paging {path} did not end after {pages - 1} pages ({values.Count} items read).");
            var page = await tenant.GetFromJsonAsync<JsonElement>(cursor is null ? path : $"{path}&cursor={Uri.EscapeDataString(cursor)}");
            values.AddRange(page.GetProperty("items").EnumerateArray().Select(r => r.GetProperty(property).GetString()!));
            cursor = page.GetProperty("nextCursor").GetString();
        }
        while (cursor is not null);
        return values;
    }

    private static async Task<HttpClient> CreateTenantAsync(Uri api, string operatorKey)
    {
        using var operatorClient = new HttpClient { BaseAddress = api, Timeout = TimeSpan.FromSeconds(60) };
        operatorClient.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", operatorKey);
        using var created = await operatorClient.PostAsJsonAsync("/v1/tenants", new { id = TenantName, name = "Queue Kill", timeZone = "Europe/Berlin" });
        var body = await created.Content.ReadAsStringAsync();
        Assert.True(created.StatusCode == HttpStatusCode.Created, body);

        // Room for the whole stream at once: the plan's ingest rate would otherwise hold messages back.
        await PutAsync(operatorClient, $"/v1/tenants/{TenantName}/limits", new { leadsPerDay = 1_000_000, concurrentOutboundCalls = 16, ingestPerMinute = 1_000_000 });
        var tenant = new HttpClient { BaseAddress = api, Timeout = TimeSpan.FromSeconds(60) };
        tenant.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", JsonDocument.Parse(body).RootElement.GetProperty("apiKey").GetProperty("key").GetString());
        return tenant;
    }

    private static async Task PutAsync(HttpClient client, string path, object body)
    {
        using var response = await client.PutAsJsonAsync(path, body);
        Assert.True(response.IsSuccessStatusCode, $"PUT {path} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
    }

    // Each message: an enrichment call (the stand-in records its idempotency key per attempt), then a stored record.
    private static JsonObject Definition(string queue) => new()
    {
        ["input"] = JsonNode.Parse("""{"type":"object","required":["email"],"properties":{"email":{"type":"string"}}}"""),
        ["trigger"] = new JsonObject { ["kind"] = "queue", ["connection"] = "events", ["queue"] = queue, ["prefetch"] = Prefetch },
        ["steps"] = JsonNode.Parse("""
            [
              {"id":"enrich","kind":"http","connection":"enrichment","method":"POST","path":"/enrich","body":{"email":"{{ input.email }}"},"timeout":"20s"},
              {"id":"save","kind":"store"}
            ]
            """),
    };
}
