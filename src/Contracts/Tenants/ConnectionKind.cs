using System.Text.Json.Serialization;

namespace OrleansFlows.Contracts.Tenants;

/// <summary>
/// The kind of a tenant's named outbound connection. Stored and sent as the lower-case names
/// <c>"http"</c>, <c>"slack"</c> and <c>"rabbitmq"</c>; these names are a tenant-facing contract.
/// </summary>
[JsonConverter(typeof(JsonStringEnumConverter<ConnectionKind>))]
[GenerateSerializer]
[Alias("OrleansFlows.ConnectionKind")]
public enum ConnectionKind
{
    /// <summary>An HTTP API with a base URL and headers; used by <c>http</c> steps.</summary>
    [JsonStringEnumMemberName("http")]
    Http,

    /// <summary>A Slack incoming webhook; used by <c>notify</c> steps.</summary>
    [JsonStringEnumMemberName("slack")]
    Slack,

    /// <summary>A RabbitMQ broker reached by an AMQP URI; used by queue triggers and <c>publish</c> steps.</summary>
    [JsonStringEnumMemberName("rabbitmq")]
    RabbitMq,
}
