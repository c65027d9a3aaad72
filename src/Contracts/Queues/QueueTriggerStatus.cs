namespace OrleansFlows.Contracts.Queues;

/// <summary>A queue trigger's consumer as it is now.</summary>
/// <param name="State"><c>connecting</c>, <c>connected</c>, <c>backing-off</c> (waiting to reconnect) or <c>stopped</c> (no trigger).</param>
/// <param name="Connection">The trigger's connection name; null when stopped.</param>
/// <param name="Queue">The consumed queue; null when stopped.</param>
/// <param name="Prefetch">The prefetch; 0 when stopped.</param>
/// <param name="LastError">The last connection or accept failure, never with credentials.</param>
/// <param name="LastErrorAt">When it happened.</param>
/// <param name="LastConnectedAt">When the consumer last started consuming.</param>
/// <param name="NextAttemptAt">While backing off: when it connects again.</param>
/// <param name="Consumed">Messages delivered to this activation.</param>
/// <param name="Acked">Messages acknowledged after their lead was durably accepted (or found to exist).</param>
/// <param name="Rejected">Messages rejected without requeue.</param>
/// <param name="Requeued">Messages given back to the queue after a transient failure.</param>
/// <param name="RecentRejections">The latest rejections of this workflow, newest first, from the tenant's audit trail (<c>GET /v1/audit</c>).</param>
[Immutable]
[GenerateSerializer]
[Alias("OrleansFlows.QueueTriggerStatus")]
public sealed record QueueTriggerStatus(
    string State,
    string? Connection,
    string? Queue,
    int Prefetch,
    string? LastError,
    DateTimeOffset? LastErrorAt,
    DateTimeOffset? LastConnectedAt,
    DateTimeOffset? NextAttemptAt,
    long Consumed,
    long Acked,
    long Rejected,
    long Requeued,
    IReadOnlyList<QueueRejection> RecentRejections);
