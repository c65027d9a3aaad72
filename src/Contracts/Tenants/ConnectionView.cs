namespace OrleansFlows.Contracts.Tenants;

/// <summary>A connection as it is shown: secrets are never returned.</summary>
/// <param name="Name">The connection name.</param>
/// <param name="Kind">Its kind.</param>
/// <param name="BaseUrl">For <c>http</c>: the base URL.</param>
/// <param name="HeaderNames">For <c>http</c>: the names of its headers; values are redacted.</param>
/// <param name="WebhookHost">For <c>slack</c>: only the host of the webhook URL.</param>
/// <param name="UpdatedAt">When it was last saved.</param>
/// <param name="Broker">For <c>rabbitmq</c>: the AMQP URI without its user and password (scheme, host, port and virtual host).</param>
[GenerateSerializer]
[Alias("OrleansFlows.ConnectionView")]
public sealed record ConnectionView(string Name, ConnectionKind Kind, string? BaseUrl, IReadOnlyList<string> HeaderNames, string? WebhookHost, DateTimeOffset UpdatedAt, string? Broker = null);
