using System.Text.Json.Serialization;

namespace OrleansFlows.Grains.Queues;

/// <summary>
/// A workflow's queue trigger: every message on <paramref name="Queue"/> of the tenant's <c>rabbitmq</c> connection
/// <paramref name="Connection"/> becomes one lead, with the message's JSON body as its input.
/// </summary>
/// <param name="Kind">Always <c>queue</c>.</param>
/// <param name="Connection">The name of one of the tenant's <c>rabbitmq</c> connections.</param>
/// <param name="Queue">The queue to consume, which must exist on the broker.</param>
/// <param name="Prefetch">How many unacknowledged messages the broker hands the consumer at once (1 to 1000).</param>
/// <param name="IdempotencyKey">An expression over the message (<c>input</c> is its body) whose value is the lead's idempotency key; null: the AMQP <c>message-id</c>.</param>
public sealed record QueueTrigger(
    [property: JsonPropertyName("kind")] string Kind,
    [property: JsonPropertyName("connection")] string Connection,
    [property: JsonPropertyName("queue")] string Queue,
    [property: JsonPropertyName("prefetch")] int Prefetch,
    [property: JsonPropertyName("idempotencyKey"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? IdempotencyKey)
{
    /// <summary>The only trigger kind so far.</summary>
    public const string QueueKind = "queue";

    /// <summary>The prefetch when none is given.</summary>
    public const int DefaultPrefetch = 20;

    /// <summary>The largest prefetch.</summary>
    public const int MaxPrefetch = 1000;

    /// <summary>AMQP's limit on a queue name (a short string), in UTF-8 bytes.</summary>
    public const int MaxQueueBytes = 255;

    /// <summary>The longest idempotency key expression, in characters.</summary>
    public const int MaxKeyExpressionLength = 1000;

    /// <summary>The longest idempotency key a message may yield, as for a webhook id.</summary>
    public const int MaxKeyLength = 256;
}
