namespace OrleansFlows.Grains.Connectors.OutboundHttp;

/// <summary>How an outbound call failed before a complete response arrived (see <see cref="OutboundRequestFailedException"/>).</summary>
public enum OutboundFailure
{
    /// <summary>The host name did not resolve.</summary>
    NameNotResolved,

    /// <summary>The host refused the connection: nothing listens on the port, or a firewall rejects it.</summary>
    ConnectionRefused,

    /// <summary>The connection was not established within <see cref="OutboundHttpOptions.ConnectTimeout"/>.</summary>
    ConnectTimedOut,

    /// <summary>The host or network could not be reached.</summary>
    Unreachable,

    /// <summary>The server closed or reset the connection before a complete response arrived.</summary>
    ConnectionClosed,

    /// <summary>The TLS handshake failed: a certificate that is not trusted, or a server that does not speak TLS.</summary>
    TlsFailed,

    /// <summary>The server answered with something that is not HTTP.</summary>
    InvalidResponse,

    /// <summary>Anything else; the message carries the underlying reason.</summary>
    Other,
}
