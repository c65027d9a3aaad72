namespace OrleansFlows.Contracts.Tenants;

/// <summary>An active webhook signing secret, without the secret.</summary>
/// <param name="SecretId">The secret's id.</param>
/// <param name="CreatedAt">When it was created.</param>
/// <param name="Current">Whether it is the newest one, which senders should sign with; the other is the previous one, still accepted.</param>
[Immutable]
[GenerateSerializer]
[Alias("OrleansFlows.WebhookSecretInfo")]
public sealed record WebhookSecretInfo(string SecretId, DateTimeOffset CreatedAt, bool Current);
