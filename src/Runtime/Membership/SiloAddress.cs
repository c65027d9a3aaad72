using System.Globalization;

namespace OrleansFlows.Runtime.Membership;

/// <summary>The <c>host:port</c> form that membership records for silo-to-silo calls (an IPv6 host in brackets).</summary>
internal static class SiloAddress
{
    /// <summary>Reads <c>host:port</c> with a port from 1 to 65535; the host comes back without brackets.</summary>
    public static bool TryParse(string? address, out string host, out int port)
    {
        host = "";
        port = 0;
        if (string.IsNullOrWhiteSpace(address) || address.Any(c => char.IsWhiteSpace(c) || char.IsControl(c)))
        {
            return false;
        }

        var colon = address.LastIndexOf(':');
        if (colon <= 0 || !int.TryParse(address.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out port) || port is < 1 or > 65535)
        {
            return false;
        }

        var written = address[..colon];
        var valid = written.StartsWith('[')
            ? written.EndsWith(']') && written.Length > 2
            : !written.Contains(':', StringComparison.Ordinal) && Uri.CheckHostName(written) != UriHostNameType.Unknown;
        host = valid ? written.Trim('[', ']') : "";
        return valid;
    }

    /// <exception cref="ArgumentException">The address is not <c>host:port</c>; the message quotes it.</exception>
    public static (string Host, int Port) Parse(string address) =>
        TryParse(address, out var host, out var port)
            ? (host, port)
            : throw new ArgumentException($"Silo address '{address}' is not host:port with a port from 1 to 65535.", nameof(address));
}
