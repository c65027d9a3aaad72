using System.Net;

namespace OrleansFlows.Grains.Connectors.OutboundHttp;

/// <summary>
/// An outbound call was refused at connect time because its host resolved only to addresses that workflows may not
/// reach (loopback, private, link-local and the like). It is not transient: retrying reaches the same address.
/// </summary>
public sealed class OutboundAddressForbiddenException : HttpRequestException
{
    /// <summary>
    /// Creates the exception. The message names the host and the setting that allows private networks; it names the
    /// range only when the host is an IP literal, and never the address a name resolved to (a tenant reads it).
    /// </summary>
    public OutboundAddressForbiddenException(string host, IPAddress address, string range)
        : base(
            HttpRequestError.ConnectionError,
            OutboundAddressPolicy.ForbiddenMessage(host, IPAddress.TryParse(host.Trim('[', ']'), out _) ? range : null))
    {
        Host = host;
        Address = address;
    }

    /// <summary>The host the call was for.</summary>
    public string Host { get; }

    /// <summary>The forbidden address the host resolved to: for the operator's log, never for the tenant's message.</summary>
    public IPAddress Address { get; }
}
