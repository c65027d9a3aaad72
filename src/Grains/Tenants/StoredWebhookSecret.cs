using System.Text.Json.Serialization;
using OrleansFlows.Grains.Security;

namespace OrleansFlows.Grains.Tenants;

/// <summary>An active webhook signing secret in tenant state, encrypted.</summary>
public sealed record StoredWebhookSecret(
    [property: JsonPropertyName("secretId")] string SecretId,
    [property: JsonPropertyName("secret")] ProtectedSecret Secret,
    [property: JsonPropertyName("createdAt")] DateTimeOffset CreatedAt);
