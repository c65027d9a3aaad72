using System.Text.Json.Serialization;
using OrleansFlows.Contracts.Tenants;
using OrleansFlows.Grains.Security;

namespace OrleansFlows.Grains.Tenants;

/// <summary>A stored connection. Secret parts are <see cref="ProtectedSecret"/>s: ciphertexts with their key id.</summary>
public sealed class Connection
{
    [JsonPropertyName("kind")]
    public ConnectionKind Kind { get; set; }

    [JsonPropertyName("baseUrl")]
    public string? BaseUrl { get; set; }

    [JsonPropertyName("headers")]
    public Dictionary<string, ProtectedSecret> Headers { get; set; } = [];

    [JsonPropertyName("webhookUrl")]
    public ProtectedSecret? WebhookUrl { get; set; }

    /// <summary>The webhook's host, kept in clear so that reads can show where it points without the secret path.</summary>
    [JsonPropertyName("webhookHost")]
    public string? WebhookHost { get; set; }

    /// <summary>For rabbitmq: the AMQP URI, whose user info is a credential.</summary>
    [JsonPropertyName("uri")]
    public ProtectedSecret? Uri { get; set; }

    /// <summary>For rabbitmq: the URI without user info, kept in clear so that reads can show the broker.</summary>
    [JsonPropertyName("broker")]
    public string? Broker { get; set; }

    [JsonPropertyName("updatedAt")]
    public DateTimeOffset UpdatedAt { get; set; }
}
