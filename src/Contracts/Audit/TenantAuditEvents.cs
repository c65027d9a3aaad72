namespace OrleansFlows.Contracts.Audit;

/// <summary>The kinds of entry in a tenant's audit trail.</summary>
public static class TenantAuditEvents
{
    /// <summary>
    /// A queue trigger rejected a message without requeue (to the queue's dead-letter exchange, if any). Detail:
    /// <c>queue</c>, <c>messageId</c> (the AMQP <c>message-id</c>, if any) and <c>reason</c>.
    /// </summary>
    public const string QueueMessageRejected = "queue-message-rejected";
}
