namespace OrleansFlows.Contracts.Tenants;

/// <summary>A new webhook signing secret (<c>whsec_…</c>), shown this once.</summary>
public sealed record WebhookSecretIssued(string SecretId, string Secret, DateTimeOffset CreatedAt);

/// <summary>What webhook intake needs to verify a tenant's deliveries: its active secrets, still encrypted, and whether it is suspended.</summary>
public sealed record WebhookVerification(bool Suspended, IReadOnlyList<ProtectedWebhookSecret> Secrets);

/// <summary>An active signing secret, encrypted, with the purpose it is bound to.</summary>
public sealed record ProtectedWebhookSecret(string SecretId, string Ciphertext);
