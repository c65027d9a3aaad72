namespace OrleansFlows.Grains.Queues;

/// <summary>The log event ids of queue triggers: the range 7400–7499.</summary>
internal static class QueueEventIds
{
    /// <summary>A trigger's consumer started consuming its queue.</summary>
    public const int Consuming = 7400;

    /// <summary>A trigger's consumer lost (or could not open) its connection and waits before connecting again.</summary>
    public const int BackingOff = 7401;

    /// <summary>A message was rejected without requeue.</summary>
    public const int MessageRejected = 7402;

    /// <summary>A message's lead could not be accepted for a transient reason; it goes back to the queue after a delay.</summary>
    public const int MessageRequeued = 7403;

    /// <summary>A message could not be acknowledged, rejected or requeued (the channel closed); the broker redelivers it.</summary>
    public const int SettleFailed = 7404;

    /// <summary>A trigger's consumer was started, replaced or stopped after a publish or a reminder.</summary>
    public const int Refreshed = 7405;

    /// <summary>Reading the workflow's trigger failed; the next reminder tries again.</summary>
    public const int RefreshFailed = 7406;

    /// <summary>A silo was declared dead: this silo asked every trigger's consumer to refresh.</summary>
    public const int FailoverRefreshed = 7407;

    /// <summary>Asking the consumers to refresh after a silo's death failed; their reminders still bring them back.</summary>
    public const int FailoverFailed = 7408;
}
