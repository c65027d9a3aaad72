using System.Text;
using OrleansFlows.Api.Tests.Hosting;
using OrleansFlows.Contracts.Leads;
using OrleansFlows.TestKit.Postgres;
using OrleansFlows.TestKit.RabbitMq;
using static OrleansFlows.Api.Tests.RabbitMq.BrokerQueues;
using static OrleansFlows.Api.Tests.RabbitMq.QueueTriggerApi;

namespace OrleansFlows.Api.Tests.RabbitMq;

/// <summary>A queue trigger on PostgreSQL: a thousand messages with poison among them, each good one a lead completed once.</summary>
[Collection(PostgresCollection.Name)]
[Trait("Category", "Postgres")]
public sealed class QueueTriggerPostgresTests(PostgresServer postgres) : IAsyncLifetime
{
    private readonly TempFolder _data = new();
    private string _connectionString = "";

    public async Task InitializeAsync() => _connectionString = await postgres.CreateDatabaseAsync("api_queue_trigger");

    public async Task DisposeAsync()
    {
        await postgres.DropDatabaseAsync(_connectionString);
        _data.Dispose();
    }

    [Fact]
    public async Task Trigger_AThousandMessagesWithPoisonAmongThem_EveryGoodOneIsALeadCompletedOnce()
    {
        await using var broker = await RabbitMqServer.StartThrowawayAsync();
        var (queue, deadLetters) = await DeclareQueueAsync(broker);
        using var host = ApiHost.Postgres(_data.Path, _connectionString, settings: new Dictionary<string, string?> { ["OrleansFlows:Outbound:AllowPrivateNetworks"] = "true" });
        using var client = await TenantWithBrokerAsync(host, "trig-pg", broker.AmqpUri);
        await PublishTriggerWorkflowAsync(client, queue, prefetch: 50);

        var messages = Enumerable.Range(0, 1000).Select(i => i % 100 == 7
            ? ((string?)$"p-{i}", Encoding.UTF8.GetBytes("not json"))
            : ((string?)$"p-{i}", JsonBody(new { email = $"pg{i}@example.com" })));
        await SendAsync(broker, queue, messages);

        await WaitForTriggerAsync(client, s => s.GetProperty("acked").GetInt64() + s.GetProperty("rejected").GetInt64() >= 1000, TimeSpan.FromSeconds(150));
        var records = await WaitForRecordsAsync(client, 990, TimeSpan.FromSeconds(150));
        var expected = Enumerable.Range(0, 1000).Where(i => i % 100 != 7).Select(i => LeadIds.FromIdempotencyKey("orders", $"p-{i}")).Order(StringComparer.Ordinal);
        Assert.Equal(expected, records.Order(StringComparer.Ordinal));
        Assert.Equal(10, (await DrainAsync(broker, deadLetters)).Count);
        Assert.Equal(0u, await MessageCountAsync(broker, queue));
    }
}
