namespace OrleansFlows.Contracts.Tenants;

/// <summary>A new webhook signing secret (<c>whsec_…</c>), shown this once.</summary>
[Immutable]
[GenerateSerializer]
[Alias("OrleansFlows.WebhookSecretIssued")]
public sealed record WebhookSecretIssued(string SecretId, string Secret, DateTimeOffset CreatedAt);

/// <summary>What a webhook delivery carries to be verified: its three Standard Webhooks headers and the raw body.</summary>
[GenerateSerializer]
[Alias("OrleansFlows.WebhookDelivery")]
public sealed record WebhookDelivery(string Id, string Timestamp, byte[] Body, string Signature);
