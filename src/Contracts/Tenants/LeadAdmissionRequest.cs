namespace OrleansFlows.Contracts.Tenants;

/// <summary>
/// What the intake asks the tenant before a lead is accepted: the credential to check, the workflow, and for a
/// webhook whether its timestamp was within the window when it arrived.
/// </summary>
/// <param name="Workflow">The workflow the lead is for.</param>
/// <param name="Delivery">A webhook delivery to verify against the active signing secrets; null for a direct submission.</param>
/// <param name="TimestampFresh">For a webhook: whether its timestamp is within the window (checked after the workflow, as the design orders it).</param>
/// <param name="ApiKeyId">For a direct submission: the id of the API key it carried, which must still be active.</param>
/// <param name="QueueTrigger">A message of the workflow's queue trigger, consumed inside the cluster: no credential to check.</param>
/// <remarks>Immutable: the caller never changes the delivery's body after sending it, so a local call need not copy it.</remarks>
[Immutable]
[GenerateSerializer]
[Alias("OrleansFlows.LeadAdmissionRequest")]
public sealed record LeadAdmissionRequest(string Workflow, WebhookDelivery? Delivery, bool TimestampFresh, string? ApiKeyId, bool QueueTrigger = false)
{
    /// <summary>A signed webhook delivery.</summary>
    public static LeadAdmissionRequest Webhook(string workflow, WebhookDelivery delivery, bool timestampFresh) => new(workflow, delivery, timestampFresh, null);

    /// <summary>A direct submission authenticated by an API key.</summary>
    public static LeadAdmissionRequest Direct(string workflow, string apiKeyId) => new(workflow, null, true, apiKeyId);

    /// <summary>A message of the workflow's queue trigger.</summary>
    public static LeadAdmissionRequest FromQueue(string workflow) => new(workflow, null, true, null, QueueTrigger: true);
}
