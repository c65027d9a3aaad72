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
using RabbitMQ.Client;
using Xunit.Abstractions;
using static OrleansFlows.Api.Tests.RabbitMq.BrokerQueues;
using static OrleansFlows.Api.Tests.RabbitMq.QueueTriggerApi;

namespace OrleansFlows.Api.Tests.Cluster;

/// <summary>
/// Real processes: <c>deploy/local/cluster.sh</c> starts PostgreSQL, two silos and a client-mode API; a throwaway
/// RabbitMQ node holds a queue of messages that a workflow's queue trigger consumes. While the stream runs, the silo
/// that hosts the trigger's consumer is sent <c>kill -9</c>. Its unacknowledged messages go back to the queue, the
/// survivor brings the consumer back once it declares the silo dead, and every message ends as exactly one lead that ran each step once.
/// </summary>
[Trait("Category", "Cluster")]
[Collection(LocalClusterCollection.Name)]
public sealed class QueueConsumerKillTests : IAsyncLifetime
{
    private const int Silos = 2;
    private const int Messages = 1000;
    private const int KillAfterAcked = 250;
    private const int Prefetch = 50;
    private const int MaxAttempts = 5; // the enrich step's retry.maxAttempts in Definition
    private const string TenantName = "qkill";
    private const string Workflow = "orders";

    // How much later than the kill a request the killed silo had already sent may be read by the stand-in.
    private static readonly TimeSpan DeliverySlack = TimeSpan.FromSeconds(2);

    // The survivor asks the consumers to refresh once it has declared the silo dead (a few seconds with the script's
    // probe timings), not at their reminder's next tick up to a minute later; the rest is slack for a loaded machine.
    private static readonly TimeSpan FailoverBound = TimeSpan.FromSeconds(30);

    private readonly LocalClusterScript _cluster = new();
    private readonly ITestOutputHelper _output;
    private RabbitMqServer? _broker;
    private EnrichmentServer? _enrichment;
    private bool _passed;

    public QueueConsumerKillTests(ITestOutputHelper output)
    {
        _output = output;

        // Two silos are enough for a survivor, and start sooner than three on a machine with few cores.
        _cluster.Environment["SILOS"] = Silos.ToString(CultureInfo.InvariantCulture);

        // The broker and the enrichment stand-in listen on 127.0.0.1.
        _cluster.Environment["ALLOW_PRIVATE_NETWORKS"] = "1";

        // An enrichment call that the killed silo was running runs again once its timeout (20 s) and this have passed,
        // or sooner when its lead is activated on the survivor, which knows the silo is gone.
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
        // One after the other: on a busy machine a broker starting beside the silos may miss its start-up timeout.
        var clock = Stopwatch.StartNew();
        _broker = await RabbitMqServer.StartThrowawayAsync();
        var start = await _cluster.RunAsync("start", TimeSpan.FromMinutes(3));
        Assert.True(start.ExitCode == 0, $"cluster.sh start failed: {start}");
        _output.WriteLine($"{clock.Elapsed.TotalSeconds:F1} s: cluster and broker up");
        var settings = _cluster.ReadSettings();
        var enrichment = _enrichment!;

        using var tenant = await CreateTenantAsync(new Uri(settings["API_URL"]), settings["OPERATOR_KEY"]);
        await PutAsync(tenant, "/v1/connections/events", new { kind = "rabbitmq", uri = _broker.AmqpUri.ToString() });
        await PutAsync(tenant, "/v1/connections/enrichment", new { kind = "http", baseUrl = enrichment.BaseAddress.ToString() });

        // The whole stream waits in the queue before the trigger exists, so the consumer is busy from its first moment.
        var (queue, _) = await DeclareQueueAsync(_broker);
        await PublishAsync(_broker, queue);
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
        var (readyAtFailover, _) = await WaitForQueueAsync(_broker, queue, (_, consumers) => consumers == 1, FailoverBound - sinceKill.Elapsed, "a consumer on the survivor");
        var failover = sinceKill.Elapsed;
        _output.WriteLine($"{left} message(s) ready at the kill; the survivor consumed again {failover.TotalSeconds:F1} s after it, {readyAtFailover} ready then");
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

        // The enrichment stand-in: each request carries the key of one of a lead's attempts, and every lead was called.
        // A key arrived twice only when the kill cut that attempt: once from the killed silo (sent before it died; the
        // kernel still delivers what the process had written, so it may be read a moment after the kill), and once after
        // the kill when the lead ran that attempt again, as its audit says. An attempt that timed out on a busy machine
        // is retried under the next key: it failed, so it is no second run.
        var tenantId = TenantId.Parse(TenantName);
        var leadOfKey = expected
            .SelectMany(lead => Enumerable.Range(1, MaxAttempts).Select(attempt => (Key: StepIdempotency.Key(LeadKey.Create(tenantId, lead), "enrich", attempt), Lead: lead, Attempt: attempt)))
            .ToDictionary(k => k.Key, k => (k.Lead, k.Attempt));
        var requests = enrichment.Requests;
        var unknown = requests.Where(r => r.IdempotencyKey is null || !leadOfKey.ContainsKey(r.IdempotencyKey)).ToList();
        Assert.True(unknown.Count == 0, $"{unknown.Count} enrichment request(s) with a key of no lead's attempt, such as {unknown.FirstOrDefault()?.IdempotencyKey}.");
        Assert.Equal(expected, requests.Select(r => leadOfKey[r.IdempotencyKey!].Lead).Distinct().Order(StringComparer.Ordinal));
        var repeated = requests.GroupBy(r => r.IdempotencyKey!).Where(g => g.Count() > 1).ToList();
        foreach (var group in repeated)
        {
            var times = group.Select(r => r.ReceivedAt).Order().ToArray();
            Assert.True(
                times.Length == 2 && times[0] <= deadAt + DeliverySlack && times[1] > killedAt,
                $"Enrichment key {group.Key} arrived {times.Length} times ({string.Join(", ", times.Select(t => t.ToString("HH:mm:ss.fff", CultureInfo.InvariantCulture)))}), not once from the killed silo and once after the kill ({killedAt:HH:mm:ss.fff}-{deadAt:HH:mm:ss.fff}).");
            var (leadId, attempt) = leadOfKey[group.Key];
            var audit = (await tenant.GetFromJsonAsync<JsonElement>($"/v1/leads/{leadId}")).GetProperty("audit").EnumerateArray().ToList();
            Assert.True(
                audit.Any(e => e.GetProperty("event").GetString() == "step_resumed" && e.GetProperty("detail").GetString()!.StartsWith($"enrich attempt {attempt}:", StringComparison.Ordinal)),
                $"Enrichment key {group.Key} (lead {leadId}, attempt {attempt}) arrived twice, but the lead did not resume that attempt: {string.Join("; ", audit)}");
        }

        // Each lead called more than once, and a sample of the others, shows on itself one succeeded attempt per step.
        var calledAgain = requests.GroupBy(r => leadOfKey[r.IdempotencyKey!].Lead).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        foreach (var leadId in calledAgain.Concat(expected.Take(5)).Distinct())
        {
            await AssertRanOnceAsync(tenant, leadId);
        }

        _output.WriteLine($"{requests.Count} enrichment request(s) for {Messages} leads; {repeated.Count} key(s) repeated across the kill; {calledAgain.Count} lead(s) called more than once");

        // The consumer reports connected again, on the survivor, with every delivery it took settled; one consumer in the cluster.
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
        var consuming = Enumerable.Range(1, Silos)
            .Where(n => n != after && File.ReadAllText(Path.Combine(_cluster.LogDirectory, $"silo{n}.log")).Contains($"consuming queue {queue} ", StringComparison.Ordinal))
            .ToList();
        Assert.True(consuming.Count == 1, $"Expected one silo{(after is null ? "" : $" other than {after}")} to log that it consumes {queue}; found: {string.Join(", ", consuming)}.");
        return consuming[0];
    }

    /// <summary>The lead was accepted and completed once, and each step shows one succeeded attempt, any other failed.</summary>
    private static async Task AssertRanOnceAsync(HttpClient tenant, string leadId)
    {
        var lead = await tenant.GetFromJsonAsync<JsonElement>($"/v1/leads/{leadId}");
        Assert.Equal("completed", lead.GetProperty("status").GetString());
        Assert.Single(lead.GetProperty("audit").EnumerateArray(), e => e.GetProperty("event").GetString() == "completed");
        Assert.Single(lead.GetProperty("audit").EnumerateArray(), e => e.GetProperty("event").GetString() == "accepted");
        foreach (var step in new[] { "enrich", "save" })
        {
            var attempts = lead.GetProperty("attempts").EnumerateArray().Where(a => a.GetProperty("stepId").GetString() == step).ToList();
            Assert.Single(attempts, a => a.GetProperty("outcome").GetString() == "succeeded");
            Assert.All(attempts, a => Assert.True(a.GetProperty("outcome").GetString() is "succeeded" or "failed", $"Lead {leadId} step {step}: {a}"));
        }
    }

    /// <summary>Publishes the messages, persistent and each with its message-id, awaiting the broker's confirms a batch at a time.</summary>
    private static async Task PublishAsync(RabbitMqServer broker, string queue)
    {
        await using var connection = await broker.ConnectAsync();
        await using var channel = await connection.CreateChannelAsync(new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true));
        foreach (var batch in Enumerable.Range(0, Messages).Chunk(100))
        {
            var confirms = batch.Select(i => channel.BasicPublishAsync(
                "",
                queue,
                mandatory: true,
                new BasicProperties { MessageId = MessageId(i), ContentType = "application/json", DeliveryMode = DeliveryModes.Persistent },
                JsonBody(new { email = Email(i) }))).ToList();
            foreach (var confirm in confirms)
            {
                await confirm;
            }
        }
    }

    private static async Task<(uint Ready, uint Consumers)> QueueStateAsync(RabbitMqServer broker, string queue)
    {
        await using var connection = await broker.ConnectAsync();
        await using var channel = await connection.CreateChannelAsync();
        var declared = await channel.QueueDeclarePassiveAsync(queue);
        return (declared.MessageCount, declared.ConsumerCount);
    }

    private static async Task<(uint Ready, uint Consumers)> WaitForQueueAsync(RabbitMqServer broker, string queue, Func<uint, uint, bool> done, TimeSpan timeout, string what)
    {
        var clock = Stopwatch.StartNew();
        var last = (Ready: 0u, Consumers: 0u);
        while (clock.Elapsed < timeout)
        {
            last = await QueueStateAsync(broker, queue);
            if (done(last.Ready, last.Consumers))
            {
                return last;
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
        // Distinct: a step attempt repeated after the kill rewrites its lead's record, which then moves to the end of
        // the list and can be read twice by a scan that pages while it moves.
        var leads = (await PagesAsync(tenant, "/v1/records?limit=200", "leadId")).Distinct().ToList();
        while (leads.Count < count && clock.Elapsed < timeout)
        {
            await Task.Delay(1000);
            leads = (await PagesAsync(tenant, "/v1/records?limit=200", "leadId")).Distinct().ToList();
        }

        Assert.True(leads.Count >= count, $"Only {leads.Count} of {count} records were stored within {timeout}.");

        // A moment more: a record of another lead would show up as an extra one.
        await Task.Delay(1000);
        return (await PagesAsync(tenant, "/v1/records?limit=200", "leadId")).Distinct().ToList();
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
              {"id":"enrich","kind":"http","connection":"enrichment","method":"POST","path":"/enrich","body":{"email":"{{ input.email }}"},"timeout":"20s",
               "retry":{"maxAttempts":5,"initialDelay":"200ms","backoffFactor":2,"jitter":0}},
              {"id":"save","kind":"store"}
            ]
            """),
    };
}
