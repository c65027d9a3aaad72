using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using OrleansFlows.Api.Tests.Hosting;
using OrleansFlows.Api.Tests.Support;
using OrleansFlows.Contracts.Leads;
using OrleansFlows.TestKit.RabbitMq;
using static OrleansFlows.Api.Tests.RabbitMq.BrokerQueues;
using static OrleansFlows.Api.Tests.RabbitMq.QueueTriggerApi;

namespace OrleansFlows.Api.Tests.RabbitMq;

/// <summary>Queue triggers against a real broker: each message one lead, acked after the durable accept; poison to the dead-letter queue.</summary>
[Collection(RabbitMqCollection.Name)]
public sealed class QueueTriggerTests(RabbitMqServer broker) : IDisposable
{
    private readonly TempFolder _data = new();

    [Fact]
    public async Task Trigger_AThousandMessages_BecomeAThousandLeadsEachCompletedOnce()
    {
        var (queue, _) = await DeclareQueueAsync(broker);
        using var host = Host();
        using var client = await TenantWithBrokerAsync(host, "trig-thousand", broker.AmqpUri);
        await PublishTriggerWorkflowAsync(client, queue, prefetch: 50);

        await SendAsync(broker, queue, Enumerable.Range(0, 1000).Select(i => ((string?)$"m-{i}", JsonBody(new { email = $"person{i}@example.com" }))));

        var status = await WaitForTriggerAsync(client, s => s.GetProperty("acked").GetInt64() >= 1000, TimeSpan.FromSeconds(120));
        Assert.Equal(0, status.GetProperty("rejected").GetInt64());
        var records = await WaitForRecordsAsync(client, 1000, TimeSpan.FromSeconds(120));
        Assert.Equal(1000, records.Count);
        Assert.Equal(1000, records.Distinct().Count());
        var expected = Enumerable.Range(0, 1000).Select(i => LeadIds.FromIdempotencyKey("orders", $"m-{i}")).Order(StringComparer.Ordinal);
        Assert.Equal(expected, records.Order(StringComparer.Ordinal));
        Assert.Equal(0u, await MessageCountAsync(broker, queue));
    }

    [Fact]
    public async Task Trigger_PoisonMessages_GoToTheDeadLetterQueueOnceWithTheReasonRecorded()
    {
        var (queue, deadLetters) = await DeclareQueueAsync(broker);
        using var host = Host();
        using var client = await TenantWithBrokerAsync(host, "trig-poison", broker.AmqpUri);
        await PublishTriggerWorkflowAsync(client, queue, prefetch: 5);

        await SendAsync(broker, queue, [
            ("bad-json", Encoding.UTF8.GetBytes("{\"email\": ")),
            ("bad-schema", JsonBody(new { name = "no email" })),
            (null, JsonBody(new { email = "no-id@example.com" })),
            ("good", JsonBody(new { email = "good@example.com" })),
        ]);

        var status = await WaitForTriggerAsync(client, s => s.GetProperty("rejected").GetInt64() >= 3 && s.GetProperty("acked").GetInt64() >= 1, TimeSpan.FromSeconds(30));
        var reasons = status.GetProperty("recentRejections").EnumerateArray()
            .ToDictionary(r => r.GetProperty("messageId").GetString() ?? "(none)", r => r.GetProperty("reason").GetString()!);
        Assert.Equal(3, reasons.Count);
        Assert.Contains("not JSON", reasons["bad-json"], StringComparison.Ordinal);
        Assert.Contains("email", reasons["bad-schema"], StringComparison.Ordinal);
        Assert.Contains("message-id", reasons["(none)"], StringComparison.Ordinal);
        await client.WaitForStatusAsync(LeadIds.FromIdempotencyKey("orders", "good"), "completed");

        // Never looped: after a while, still four deliveries, and the three poison messages sit in the dead-letter queue.
        await Task.Delay(TimeSpan.FromSeconds(2));
        var later = await TriggerAsync(client);
        Assert.Equal(4, later.GetProperty("consumed").GetInt64());
        var dead = await DrainAsync(broker, deadLetters);
        Assert.Equal(["(none)", "bad-json", "bad-schema"], dead.Select(m => m.BasicProperties.MessageId ?? "(none)").Order(StringComparer.Ordinal));
        Assert.Equal(0u, await MessageCountAsync(broker, queue));

        // The tenant's audit trail has one entry per poison message, with the queue, the message id and the reason.
        var audit = await client.GetFromJsonAsync<JsonElement>("/v1/audit?event=queue-message-rejected&workflow=orders");
        var entries = audit.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(3, entries.Count);
        Assert.All(entries, e => Assert.StartsWith("tae_", e.GetProperty("eventId").GetString(), StringComparison.Ordinal));
        Assert.All(entries, e => Assert.Equal(queue, e.GetProperty("detail").GetProperty("queue").GetString()));
        var audited = entries.ToDictionary(
            e => e.GetProperty("detail").GetProperty("messageId").GetString() ?? "(none)",
            e => e.GetProperty("detail").GetProperty("reason").GetString()!);
        Assert.Equal(reasons, audited);
        var unknownEvent = await client.GetAsync("/v1/audit?event=lead-accepted");
        Assert.Equal(HttpStatusCode.BadRequest, unknownEvent.StatusCode);
        Assert.Contains("'event'", await unknownEvent.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Trigger_BrokerRestartMidStream_ResumesWithoutLossOrDuplicates()
    {
        await using var own = await RabbitMqServer.StartThrowawayAsync();
        var (queue, _) = await DeclareQueueAsync(own);
        using var host = Host();
        using var client = await TenantWithBrokerAsync(host, "trig-restart", own.AmqpUri);
        await PublishTriggerWorkflowAsync(client, queue, prefetch: 20);
        var firstConnect = (await WaitForTriggerAsync(client, s => s.GetProperty("state").GetString() == "connected", TimeSpan.FromSeconds(30)))
            .GetProperty("lastConnectedAt").GetDateTimeOffset();

        await SendAsync(own, queue, Enumerable.Range(0, 300).Select(i => ((string?)$"r-{i}", JsonBody(new { email = $"restart{i}@example.com" }))));
        await WaitForTriggerAsync(client, s => s.GetProperty("acked").GetInt64() >= 20, TimeSpan.FromSeconds(60));
        await own.StopAsync();
        var down = await WaitForTriggerAsync(client, s => s.GetProperty("state").GetString() == "backing-off", TimeSpan.FromSeconds(30));
        Assert.False(string.IsNullOrEmpty(down.GetProperty("lastError").GetString()));
        await own.StartAsync();
        await SendAsync(own, queue, Enumerable.Range(300, 100).Select(i => ((string?)$"r-{i}", JsonBody(new { email = $"restart{i}@example.com" }))));

        var resumed = await WaitForTriggerAsync(client, s => s.GetProperty("state").GetString() == "connected", TimeSpan.FromSeconds(60));
        Assert.True(resumed.GetProperty("lastConnectedAt").GetDateTimeOffset() > firstConnect);
        var records = await WaitForRecordsAsync(client, 400, TimeSpan.FromSeconds(120));
        var expected = Enumerable.Range(0, 400).Select(i => LeadIds.FromIdempotencyKey("orders", $"r-{i}")).Order(StringComparer.Ordinal);
        Assert.Equal(expected, records.Order(StringComparer.Ordinal));
        Assert.Equal(0u, await MessageCountAsync(own, queue));
    }

    [Fact]
    public async Task Trigger_OneTenantsFloodedQueue_DoesNotHoldUpAnotherTenantsMessages()
    {
        const int Flood = 2000;
        var (floodQueue, _) = await DeclareQueueAsync(broker);
        var (quietQueue, _) = await DeclareQueueAsync(broker);
        using var host = Host();
        using var flood = await TenantWithBrokerAsync(host, "trig-flood", broker.AmqpUri);
        using var quiet = await TenantWithBrokerAsync(host, "trig-quiet", broker.AmqpUri);
        await SendAsync(broker, floodQueue, Enumerable.Range(0, Flood).Select(i => ((string?)$"f-{i}", JsonBody(new { email = $"flood{i}@example.com" }))));
        await PublishTriggerWorkflowAsync(flood, floodQueue, prefetch: 100);
        await PublishTriggerWorkflowAsync(quiet, quietQueue, prefetch: 20);
        await WaitForTriggerAsync(flood, s => s.GetProperty("acked").GetInt64() >= 200, TimeSpan.FromSeconds(60));

        await SendAsync(broker, quietQueue, Enumerable.Range(0, 20).Select(i => ((string?)$"q-{i}", JsonBody(new { email = $"quiet{i}@example.com" }))));
        foreach (var i in Enumerable.Range(0, 20))
        {
            await quiet.WaitForStatusAsync(LeadIds.FromIdempotencyKey("orders", $"q-{i}"), "completed", TimeSpan.FromSeconds(60));
        }

        // The quiet tenant's leads ran while the flood was still being worked through, not after it: the flood's
        // accepted leads wait in the executor beside them, and the executor serves the tenants in turn.
        var floodDone = (await flood.GetFromJsonAsync<JsonElement>("/v1/usage/daily")).GetProperty("days").EnumerateArray().Sum(d => d.GetProperty("completed").GetInt64());
        Assert.True(floodDone < Flood, $"All {Flood} flood leads had completed before the quiet tenant's 20 did.");
        Assert.Equal(Flood, (await WaitForRecordsAsync(flood, Flood, TimeSpan.FromSeconds(180))).Distinct().Count());
    }

    [Fact]
    public async Task Trigger_RedeliveryOfAnAcceptedLeadOnceThePlanIsUsedUp_IsAckedAndANewMessageIsPoison()
    {
        var (queue, deadLetters) = await DeclareQueueAsync(broker);
        using var host = Host();
        using var client = await TenantWithBrokerAsync(host, "trig-plan", broker.AmqpUri);
        using (var operatorClient = host.CreateOperatorClient())
        {
            var limits = await operatorClient.PutAsJsonAsync("/v1/tenants/trig-plan/limits", new { leadsPerDay = 1, concurrentOutboundCalls = 16, ingestPerMinute = 1000 });
            Assert.True(limits.IsSuccessStatusCode, await limits.Content.ReadAsStringAsync());
        }

        await PublishTriggerWorkflowAsync(client, queue, prefetch: 1);
        var body = JsonBody(new { email = "first@example.com" });
        await SendAsync(broker, queue, [("first", body)]);
        await client.WaitForStatusAsync(LeadIds.FromIdempotencyKey("orders", "first"), "completed");

        // As a broker redelivers a message whose ack a crash lost: the same id and body, after the day's one lead was used.
        await SendAsync(broker, queue, [("first", body), ("second", JsonBody(new { email = "second@example.com" }))]);
        var status = await WaitForTriggerAsync(client, s => s.GetProperty("acked").GetInt64() + s.GetProperty("rejected").GetInt64() >= 3, TimeSpan.FromSeconds(30));

        Assert.Equal((2L, 1L), (status.GetProperty("acked").GetInt64(), status.GetProperty("rejected").GetInt64()));
        var rejection = Assert.Single(status.GetProperty("recentRejections").EnumerateArray());
        Assert.Equal("second", rejection.GetProperty("messageId").GetString());
        Assert.Contains("daily plan", rejection.GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.Equal(["second"], (await DrainAsync(broker, deadLetters)).Select(m => m.BasicProperties.MessageId));
    }

    [Fact]
    public async Task PutWorkflow_TriggerNamingAnotherTenantsConnectionOrBadFields_AnswersBadRequestNamingEachField()
    {
        using var host = Host();
        using var owner = await TenantWithBrokerAsync(host, "trig-owner", broker.AmqpUri);
        var other = host.CreateTenantClient((await host.CreateTenantAsync("trig-other")).ApiKey);
        Assert.Equal(HttpStatusCode.OK, (await other.PutAsJsonAsync("/v1/connections/crm", new { kind = "http", baseUrl = "http://127.0.0.1:9/" })).StatusCode);

        var foreign = TriggerWorkflow(new JsonObject { ["kind"] = "queue", ["connection"] = "events", ["queue"] = "orders" });
        var refused = await other.PutAsJsonAsync("/v1/workflows/orders", foreign);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var text = await refused.Content.ReadAsStringAsync();
        Assert.Contains("$.trigger.connection", text, StringComparison.Ordinal);
        Assert.Contains("Connection 'events' does not exist", text, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync("/v1/workflows/orders")).StatusCode);

        var bad = TriggerWorkflow(new JsonObject { ["kind"] = "topic", ["connection"] = "crm", ["prefetch"] = 0, ["idempotencyKey"] = "input.(" });
        text = await (await other.PutAsJsonAsync("/v1/workflows/orders", bad)).Content.ReadAsStringAsync();
        foreach (var field in new[] { "kind", "connection", "queue", "prefetch", "idempotencyKey" })
        {
            Assert.Contains($"$.trigger.{field}", text, StringComparison.Ordinal);
        }

        var tooMany = TriggerWorkflow(new JsonObject { ["kind"] = "queue", ["connection"] = "events", ["queue"] = "orders", ["prefetch"] = 1001 });
        Assert.Contains("$.trigger.prefetch", await (await owner.PutAsJsonAsync("/v1/workflows/orders", tooMany)).Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var valid = TriggerWorkflow(new JsonObject { ["kind"] = "queue", ["connection"] = "events", ["queue"] = "orders", ["idempotencyKey"] = "input.email" });
        var published = await owner.PutAsJsonAsync("/v1/workflows/orders", valid);
        Assert.True(published.StatusCode == HttpStatusCode.OK, await published.Content.ReadAsStringAsync());
        var stored = await owner.GetFromJsonAsync<JsonElement>("/v1/workflows/orders/versions/1");
        var trigger = stored.GetProperty("definition").GetProperty("trigger");
        Assert.Equal(20, trigger.GetProperty("prefetch").GetInt32());
        Assert.Equal("input.email", trigger.GetProperty("idempotencyKey").GetString());
    }

    [Fact]
    public async Task GetTrigger_WorkflowWithoutTrigger_IsStopped_AndAnUnknownWorkflowIs404()
    {
        using var host = Host();
        using var client = await TenantWithBrokerAsync(host, "trig-none", broker.AmqpUri);
        Assert.Equal(HttpStatusCode.OK, (await client.PutAsJsonAsync("/v1/workflows/plain", TestWorkflows.TransformAndStore())).StatusCode);

        var status = await client.GetFromJsonAsync<JsonElement>("/v1/workflows/plain/trigger");
        Assert.Equal("stopped", status.GetProperty("state").GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/v1/workflows/nope/trigger")).StatusCode);
    }

    public void Dispose() => _data.Dispose();

    private ApiHost Host() =>
        ApiHost.Sqlite(_data.Path, settings: new Dictionary<string, string?> { ["OrleansFlows:Outbound:AllowPrivateNetworks"] = "true" });
}
