namespace OrleansFlows.Contracts.Tenants;

/// <summary>A named outbound endpoint as a tenant submits it. Secret parts travel only inward; reads return <see cref="ConnectionView"/>.</summary>
/// <param name="Name">The connection name, used by workflow steps.</param>
/// <param name="Kind"><c>http</c>, <c>slack</c> or <c>rabbitmq</c>.</param>
/// <param name="BaseUrl">For <c>http</c>: the base URL; step paths are appended to it and can't change its host.</param>
/// <param name="Headers">For <c>http</c>: headers sent with every call (for example an API key); their values are secret.</param>
/// <param name="WebhookUrl">For <c>slack</c>: the incoming-webhook URL, itself a credential.</param>
/// <param name="Uri">For <c>rabbitmq</c>: the broker's AMQP URI (<c>amqp://</c> or <c>amqps://</c>), with its credentials.</param>
[GenerateSerializer]
[Alias("OrleansFlows.ConnectionSpec")]
public sealed record ConnectionSpec(string Name, ConnectionKind Kind, string? BaseUrl, IReadOnlyDictionary<string, string>? Headers, string? WebhookUrl, string? Uri = null);
