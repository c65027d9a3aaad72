namespace OrleansFlows.Grains.Connectors.OutboundHttp;

/// <summary>Options for calls from workflows to external HTTP APIs, bound from <see cref="Section"/>.</summary>
public sealed class OutboundHttpOptions
{
    /// <summary>The configuration section these options are bound from.</summary>
    public const string Section = "OrleansFlows:Outbound";

    /// <summary>The configuration key of <see cref="AllowPrivateNetworks"/>, as refusals name it.</summary>
    public const string AllowPrivateNetworksKey = Section + ":" + nameof(AllowPrivateNetworks);

    /// <summary>The environment variable that sets <see cref="AllowPrivateNetworks"/>.</summary>
    public const string AllowPrivateNetworksVariable = "OrleansFlows__Outbound__" + nameof(AllowPrivateNetworks);

    /// <summary>The default for <see cref="MaxResponseBytes"/>: 1 MiB.</summary>
    public const long DefaultMaxResponseBytes = 1024 * 1024;

    /// <summary>The largest allowed <see cref="MaxResponseBytes"/>: 64 MiB.</summary>
    public const long MaxMaxResponseBytes = 64 * 1024 * 1024;

    /// <summary>The default for <see cref="ConnectTimeout"/>: 10 s.</summary>
    public static readonly TimeSpan DefaultConnectTimeout = TimeSpan.FromSeconds(10);

    /// <summary>The longest allowed <see cref="ConnectTimeout"/>: 2 minutes.</summary>
    public static readonly TimeSpan MaxConnectTimeout = TimeSpan.FromMinutes(2);

    /// <summary>
    /// The default for <see cref="PooledConnectionIdleTimeout"/>: 4 s, under the 5 s keep-alive timeout of Node.js
    /// and Apache, the shortest common ones.
    /// </summary>
    public static readonly TimeSpan DefaultPooledConnectionIdleTimeout = TimeSpan.FromSeconds(4);

    /// <summary>
    /// Whether outbound calls may reach loopback, private, link-local and other non-public addresses. Default
    /// <see langword="false"/>. Turn it on only for development and tests, whose servers run on 127.0.0.1.
    /// </summary>
    public bool AllowPrivateNetworks { get; set; }

    /// <summary>The largest response body read, in bytes; a larger one fails the call. Default 1 MiB, at most 64 MiB.</summary>
    public long MaxResponseBytes { get; set; } = DefaultMaxResponseBytes;

    /// <summary>How long resolving the host and opening the connection may take. Default 10 s, at most 2 minutes.</summary>
    public TimeSpan ConnectTimeout { get; set; } = DefaultConnectTimeout;

    /// <summary>
    /// How long an idle pooled connection is kept for reuse. Keep it under the servers' keep-alive timeouts, so that
    /// the client drops an idle connection before the server closes it. Default 4 s, at most 2 minutes.
    /// </summary>
    public TimeSpan PooledConnectionIdleTimeout { get; set; } = DefaultPooledConnectionIdleTimeout;
}
