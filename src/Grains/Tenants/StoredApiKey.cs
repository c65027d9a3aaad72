using System.Text.Json.Serialization;

namespace OrleansFlows.Grains.Tenants;

/// <summary>An active API key in tenant state: its id and SHA-256 hash, never the key.</summary>
public sealed record StoredApiKey(
    [property: JsonPropertyName("keyId")] string KeyId,
    [property: JsonPropertyName("hash")] string Hash,
    [property: JsonPropertyName("createdAt")] DateTimeOffset CreatedAt);
