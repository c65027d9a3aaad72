namespace OrleansFlows.Contracts.Queues;

/// <summary>A message the trigger rejected without requeue (to the queue's dead-letter exchange, if any), and why.</summary>
/// <param name="At">When it was rejected.</param>
/// <param name="Queue">The queue it came from.</param>
/// <param name="MessageId">The AMQP <c>message-id</c>, if the message had one.</param>
/// <param name="Reason">What was wrong, naming the field or limit.</param>
[Immutable]
[GenerateSerializer]
[Alias("OrleansFlows.QueueRejection")]
public sealed record QueueRejection(DateTimeOffset At, string Queue, string? MessageId, string Reason);
