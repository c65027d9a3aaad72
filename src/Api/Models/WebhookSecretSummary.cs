using OrleansFlows.Contracts.Tenants;

namespace OrleansFlows.Api.Models;

/// <summary>An active webhook signing secret, without the secret.</summary>
/// <param name="SecretId">The secret's id.</param>
/// <param name="CreatedAt">When it was created.</param>
/// <param name="State">'current' (the newest, to sign with) or 'previous' (still accepted until the next rotation).</param>
public sealed record WebhookSecretSummary(string SecretId, DateTimeOffset CreatedAt, string State)
{
    /// <summary>The summary of a secret the tenant grain lists.</summary>
    public static WebhookSecretSummary From(WebhookSecretInfo info) => new(info.SecretId, info.CreatedAt, info.Current ? "current" : "previous");
}
