using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace OrleansFlows.Grains.Workflows;

/// <summary>
/// Publishes a JSON message to an exchange of one of the tenant's <c>rabbitmq</c> connections, with publisher confirms:
/// the step is done only when the broker confirms. The message's <c>message-id</c> is the attempt's idempotency key.
/// </summary>
/// <param name="Id">The step id.</param>
/// <param name="Connection">The name of a <c>rabbitmq</c> connection.</param>
/// <param name="Exchange">The exchange, as written (no template); empty is the default exchange, which routes by queue name.</param>
/// <param name="RoutingKey">A template of at most 255 characters once rendered.</param>
/// <param name="Body">The message: any JSON value whose strings are templates.</param>
/// <param name="Timeout">Per attempt, from 1s to 5m; 30s when not set.</param>
/// <param name="Retry">When and how often a failed attempt is retried.</param>
public sealed record PublishStep(
    string Id,
    [property: JsonPropertyName("connection")] string Connection,
    [property: JsonPropertyName("exchange")] string Exchange,
    [property: JsonPropertyName("routingKey")] string RoutingKey,
    [property: JsonPropertyName("body")] JsonNode? Body,
    [property: JsonPropertyName("timeout"), JsonConverter(typeof(DurationJsonConverter))] TimeSpan Timeout,
    [property: JsonPropertyName("retry")] RetryPolicy Retry) : StepDefinition(Id)
{
    /// <summary>AMQP's limit on an exchange name and a routing key (a short string), in UTF-8 bytes.</summary>
    public const int MaxNameBytes = 255;

    /// <summary>The longest routing key template, in characters.</summary>
    public const int MaxRoutingKeyTemplateLength = 1000;
}
