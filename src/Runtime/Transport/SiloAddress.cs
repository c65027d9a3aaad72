using System.Globalization;

namespace OrleansFlows.Runtime.Transport;

/// <summary>Reads the <c>host:port</c> form that membership records for silo-to-silo calls.</summary>
internal static class SiloAddress
{
    public static (string Host, int Port) Parse(string address)
    {
        var colon = address.LastIndexOf(':');
        if (colon <= 0 || !int.TryParse(address.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port is < 1 or > 65535)
        {
            throw new ArgumentException($"Silo address '{address}' is not host:port with a port from 1 to 65535.", nameof(address));
        }

        return (address[..colon].Trim('[', ']'), port);
    }
}
