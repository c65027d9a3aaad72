using System.Text.Json;
using OrleansFlows.TestKit.RabbitMq;
using RabbitMQ.Client;

namespace OrleansFlows.Api.Tests.RabbitMq;

/// <summary>What the broker tests do on the broker's side: declare queues and exchanges, send, count and drain messages.</summary>
internal static class BrokerQueues
{
    /// <summary>A message body: <paramref name="value"/> as UTF-8 JSON.</summary>
    public static byte[] JsonBody(object value) => JsonSerializer.SerializeToUtf8Bytes(value);

    /// <summary>A durable queue of its own name whose rejected messages go, through a fanout exchange, to a dead-letter queue.</summary>
    public static async Task<(string Queue, string DeadLetters)> DeclareQueueAsync(RabbitMqServer server)
    {
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var (queue, exchange, deadLetters) = ($"orders-{suffix}", $"dlx-{suffix}", $"dead-{suffix}");
        await using var connection = await server.ConnectAsync();
        await using var channel = await connection.CreateChannelAsync();
        await channel.ExchangeDeclareAsync(exchange, ExchangeType.Fanout, durable: true);
        await channel.QueueDeclareAsync(deadLetters, durable: true, exclusive: false, autoDelete: false);
        await channel.QueueBindAsync(deadLetters, exchange, "");
        await channel.QueueDeclareAsync(queue, durable: true, exclusive: false, autoDelete: false, arguments: new Dictionary<string, object?> { ["x-dead-letter-exchange"] = exchange });
        return (queue, deadLetters);
    }

    /// <summary>A topic exchange of its own name and a durable queue bound to it for <c>lead.#</c>, to see what a <c>publish</c> step sends.</summary>
    public static async Task<(string Exchange, string Queue)> DeclareTopicAsync(RabbitMqServer server)
    {
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var (exchange, queue) = ($"leads-{suffix}", $"seen-{suffix}");
        await using var connection = await server.ConnectAsync();
        await using var channel = await connection.CreateChannelAsync();
        await channel.ExchangeDeclareAsync(exchange, ExchangeType.Topic, durable: true);
        await channel.QueueDeclareAsync(queue, durable: true, exclusive: false, autoDelete: false);
        await channel.QueueBindAsync(queue, exchange, "lead.#");
        return (exchange, queue);
    }

    /// <summary>Publishes persistent JSON messages to <paramref name="queue"/> through the default exchange and waits for the broker's confirms.</summary>
    public static async Task SendAsync(RabbitMqServer server, string queue, IEnumerable<(string? MessageId, byte[] Body)> messages)
    {
        await using var connection = await server.ConnectAsync();
        await using var channel = await connection.CreateChannelAsync(new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true));
        foreach (var (messageId, body) in messages)
        {
            var properties = new BasicProperties { MessageId = messageId, ContentType = "application/json", DeliveryMode = DeliveryModes.Persistent };
            await channel.BasicPublishAsync("", queue, mandatory: true, properties, body);
        }
    }

    /// <summary>The messages ready in <paramref name="queue"/>.</summary>
    public static async Task<uint> MessageCountAsync(RabbitMqServer server, string queue)
    {
        await using var connection = await server.ConnectAsync();
        await using var channel = await connection.CreateChannelAsync();
        return await channel.MessageCountAsync(queue);
    }

    /// <summary>Takes every ready message off <paramref name="queue"/>.</summary>
    public static async Task<List<BasicGetResult>> DrainAsync(RabbitMqServer server, string queue)
    {
        await using var connection = await server.ConnectAsync();
        await using var channel = await connection.CreateChannelAsync();
        var messages = new List<BasicGetResult>();
        while (await channel.BasicGetAsync(queue, autoAck: true) is { } message)
        {
            messages.Add(message);
        }

        return messages;
    }
}
