using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using OrleansFlows.Api.Tests.Hosting;
using OrleansFlows.Api.Tests.Support;
using OrleansFlows.TestKit.RabbitMq;
using RabbitMQ.Client;
using static OrleansFlows.Api.Tests.RabbitMq.BrokerQueues;
using static OrleansFlows.Api.Tests.RabbitMq.QueueTriggerApi;

namespace OrleansFlows.Api.Tests.RabbitMq;

/// <summary>The <c>publish</c> step against a real broker: done only when confirmed, one message per attempt, carrying the attempt's idempotency key.</summary>
[Collection(RabbitMqCollection.Name)]
public sealed class PublishStepTests(RabbitMqServer broker) : IDisposable
{
    private readonly TempFolder _data = new();

    [Fact]
    public async Task Publish_ThreeLeads_EachMessageIsConfirmedAndSeenOnceWithTheStepsMessageId()
    {
        var (exchange, queue) = await DeclareTopicAsync(broker);
        using var host = Host();
        using var client = await TenantWithBrokerAsync(host, "pub-ok", broker.AmqpUri);
        await PublishWorkflowAsync(client, exchange, maxAttempts: 3);

        var leads = new List<string>();
        foreach (var region in new[] { "north", "south", "west" })
        {
            leads.Add(await SubmitAsync(client, new { email = $"{region}@example.com", region }));
        }

        var outputs = new Dictionary<string, JsonElement>();
        foreach (var leadId in leads)
        {
            var lead = await client.WaitForStatusAsync(leadId, "completed");
            var step = Assert.Single(lead.GetProperty("steps").EnumerateArray());
            Assert.Equal(1, step.GetProperty("attempts").GetInt32());
            var output = step.GetProperty("output");
            outputs[output.GetProperty("messageId").GetString()!] = output;
        }

        var messages = await DrainAsync(broker, queue);
        Assert.Equal(3, messages.Count);
        Assert.Equal(outputs.Keys.Order(), messages.Select(m => m.BasicProperties.MessageId!).Order());
        foreach (var message in messages)
        {
            var body = JsonDocument.Parse(message.Body).RootElement;
            var region = body.GetProperty("region").GetString();
            Assert.Equal($"lead.{region}", message.RoutingKey);
            Assert.Equal($"{region}@example.com", body.GetProperty("email").GetString());
            Assert.Equal("application/json", message.BasicProperties.ContentType);
            Assert.Equal(DeliveryModes.Persistent, message.BasicProperties.DeliveryMode);
            Assert.Equal($"lead.{region}", outputs[message.BasicProperties.MessageId!].GetProperty("routingKey").GetString());
        }
    }

    [Fact]
    public async Task Publish_ToAnExchangeThatDoesNotExist_FailsTheLeadWithTheBrokersReason()
    {
        using var host = Host();
        using var client = await TenantWithBrokerAsync(host, "pub-missing", broker.AmqpUri);
        await PublishWorkflowAsync(client, "no-such-exchange", maxAttempts: 1);

        var lead = await client.WaitForStatusAsync(await SubmitAsync(client, new { email = "x@example.com", region = "east" }), "failed");

        var error = Assert.Single(lead.GetProperty("steps").EnumerateArray()).GetProperty("lastError").GetString();
        Assert.Contains("no-such-exchange", error, StringComparison.Ordinal);
        Assert.DoesNotContain("guest:guest", lead.GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Publish_WhileTheBrokerIsDown_RetriesAndIsConfirmedOnceItIsBack()
    {
        await using var own = await RabbitMqServer.StartThrowawayAsync();
        var (exchange, queue) = await DeclareTopicAsync(own);
        using var host = Host();
        using var client = await TenantWithBrokerAsync(host, "pub-down", own.AmqpUri);
        await PublishWorkflowAsync(client, exchange, maxAttempts: 8, backoffFactor: 1.6);
        await own.StopAsync();

        var leadId = await SubmitAsync(client, new { email = "late@example.com", region = "north" });
        await WaitForFailedAttemptAsync(client, leadId);
        await own.StartAsync();
        var lead = await client.WaitForStatusAsync(leadId, "completed", TimeSpan.FromSeconds(90));

        var attempts = Assert.Single(lead.GetProperty("steps").EnumerateArray()).GetProperty("attempts").GetInt32();
        Assert.True(attempts > 1, $"The first attempt ran while the broker was down, so it must have failed; attempts: {attempts}.");
        var message = Assert.Single(await DrainAsync(own, queue));
        Assert.Equal(
            Assert.Single(lead.GetProperty("steps").EnumerateArray()).GetProperty("output").GetProperty("messageId").GetString(),
            message.BasicProperties.MessageId);
    }

    [Fact]
    public async Task Publish_BrokerOnLoopbackAfterTheOperatorForbidsPrivateNetworks_IsRefusedAtConnectWithoutRetry()
    {
        var (exchange, queue) = await DeclareTopicAsync(broker);
        string apiKey;
        using (var permissive = Host())
        {
            apiKey = (await permissive.CreateTenantAsync("pub-forbidden")).ApiKey;
            using var setup = permissive.CreateTenantClient(apiKey);
            var put = await setup.PutAsJsonAsync("/v1/connections/events", new { kind = "rabbitmq", uri = broker.AmqpUri.ToString() });
            Assert.Equal(HttpStatusCode.OK, put.StatusCode);
            await PublishWorkflowAsync(setup, exchange, maxAttempts: 3);
        }

        // The same data, now with production's rules: the saved connection points at loopback.
        using var strict = ApiHost.Sqlite(_data.Path, settings: new Dictionary<string, string?> { ["OrleansFlows:Outbound:AllowPrivateNetworks"] = "false" });
        using var client = strict.CreateTenantClient(apiKey);
        var lead = await client.WaitForStatusAsync(await SubmitAsync(client, new { email = "f@example.com", region = "north" }), "failed");

        var step = Assert.Single(lead.GetProperty("steps").EnumerateArray());
        Assert.Equal(1, step.GetProperty("attempts").GetInt32());
        Assert.Contains("loopback", step.GetProperty("lastError").GetString(), StringComparison.Ordinal);
        Assert.Empty(await DrainAsync(broker, queue));
    }

    [Fact]
    public async Task PutWorkflow_PublishStepNamingAnHttpConnectionOrMissingFields_AnswersBadRequestNamingEachField()
    {
        using var host = Host();
        using var client = await TenantWithBrokerAsync(host, "pub-invalid", broker.AmqpUri);
        Assert.Equal(HttpStatusCode.OK, (await client.PutAsJsonAsync("/v1/connections/crm", new { kind = "http", baseUrl = "http://127.0.0.1:9/" })).StatusCode);
        var definition = new JsonObject
        {
            ["input"] = JsonNode.Parse("""{"type":"object"}"""),
            ["steps"] = new JsonArray(
                new JsonObject { ["id"] = "a", ["kind"] = "publish", ["connection"] = "crm", ["exchange"] = "x", ["routingKey"] = "k", ["body"] = new JsonObject() },
                new JsonObject { ["id"] = "b", ["kind"] = "publish", ["connection"] = "events", ["routingKey"] = "{{ lead.", ["body"] = new JsonObject() },
                new JsonObject { ["id"] = "c", ["kind"] = "publish", ["connection"] = "events", ["exchange"] = "x", ["routingKey"] = "k" }),
        };

        var response = await client.PutAsJsonAsync("/v1/workflows/bad", definition);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var text = await response.Content.ReadAsStringAsync();
        Assert.Contains("$.steps[0].connection", text, StringComparison.Ordinal);
        Assert.Contains("$.steps[1].exchange", text, StringComparison.Ordinal);
        Assert.Contains("$.steps[1].routingKey", text, StringComparison.Ordinal);
        Assert.Contains("$.steps[2].body", text, StringComparison.Ordinal);
    }

    public void Dispose() => _data.Dispose();

    private ApiHost Host() =>
        ApiHost.Sqlite(_data.Path, settings: new Dictionary<string, string?> { ["OrleansFlows:Outbound:AllowPrivateNetworks"] = "true" });

    private static async Task WaitForFailedAttemptAsync(HttpClient client, string leadId)
    {
        for (var polls = 0; polls < 400; polls++)
        {
            var lead = await client.GetFromJsonAsync<JsonElement>($"/v1/leads/{leadId}");
            if (lead.GetProperty("attempts").GetArrayLength() > 0)
            {
                return;
            }

            // The attempt runs on the silo's schedule; nothing signals its end but the lead's attempts.
            await Task.Delay(25);
        }

        Assert.Fail($"Lead {leadId} made no attempt within 10 s.");
    }

    private static async Task PublishWorkflowAsync(HttpClient client, string exchange, int maxAttempts, double backoffFactor = 1)
    {
        var definition = new JsonObject
        {
            ["input"] = JsonNode.Parse("""{"type":"object","required":["email","region"]}"""),
            ["steps"] = new JsonArray(new JsonObject
            {
                ["id"] = "announce",
                ["kind"] = "publish",
                ["connection"] = "events",
                ["exchange"] = exchange,
                ["routingKey"] = "lead.{{ input.region }}",
                ["body"] = new JsonObject { ["email"] = "{{ input.email }}", ["region"] = "{{ input.region }}" },
                ["timeout"] = "5s",
                ["retry"] = new JsonObject { ["maxAttempts"] = maxAttempts, ["initialDelay"] = "1s", ["backoffFactor"] = backoffFactor },
            }),
        };
        var published = await client.PutAsJsonAsync("/v1/workflows/announce", definition);
        Assert.True(published.StatusCode == HttpStatusCode.OK, await published.Content.ReadAsStringAsync());
    }

    private static async Task<string> SubmitAsync(HttpClient client, object input)
    {
        var submitted = await client.PostAsJsonAsync("/v1/workflows/announce/leads", input);
        Assert.Equal(HttpStatusCode.Accepted, submitted.StatusCode);
        return (await submitted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("leadId").GetString()!;
    }
}
