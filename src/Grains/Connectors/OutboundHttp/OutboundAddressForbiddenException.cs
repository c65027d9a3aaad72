using System.Net;

namespace OrleansFlows.Grains.Connectors.OutboundHttp;

/// <summary>
/// An outbound call was refused at connect time because its host resolved only to addresses that workflows may not
/// reach (loopback, private, link-local and the like). It is not transient: retrying reaches the same address.
/// </summary>
public sealed class OutboundAddressForbiddenException : HttpRequestException
{
    /// <summary>Creates the exception; the message names the host and the address.</summary>
    public OutboundAddressForbiddenException(string host, IPAddress address, string range)
        : base(
            HttpRequestError.ConnectionError,
            $"Outbound connection to '{host}' refused: it resolves to {address}, a {range} address. Workflows may only call public addresses; "
                + $"set {OutboundHttpOptions.Section}:{nameof(OutboundHttpOptions.AllowPrivateNetworks)}=true to allow private networks (development and tests only).")
    {
        Host = host;
        Address = address;
    }

    /// <summary>The host the call was for.</summary>
    public string Host { get; }

    /// <summary>The forbidden address the host resolved to.</summary>
    public IPAddress Address { get; }
}
