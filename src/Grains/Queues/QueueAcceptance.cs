namespace OrleansFlows.Grains.Queues;

/// <summary>What became of one message: its lead is durably accepted (ack), it is poison (reject), or it must wait (requeue).</summary>
/// <param name="Kind">The outcome.</param>
/// <param name="Reason">For a poison or transient outcome: what was wrong.</param>
/// <param name="RetryAfter">For a transient outcome: how long to wait before giving the message back.</param>
internal sealed record QueueAcceptance(QueueAcceptanceKind Kind, string? Reason, TimeSpan RetryAfter)
{
    public static QueueAcceptance Accepted { get; } = new(QueueAcceptanceKind.Accepted, null, TimeSpan.Zero);

    public static QueueAcceptance Poison(string reason) => new(QueueAcceptanceKind.Poison, reason, TimeSpan.Zero);

    public static QueueAcceptance Transient(string reason, TimeSpan retryAfter) => new(QueueAcceptanceKind.Transient, reason, retryAfter);
}
