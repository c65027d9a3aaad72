using System.Net;
using System.Net.Sockets;

namespace OrleansFlows.Grains.Connectors.OutboundHttp;

/// <summary>
/// Which addresses workflows may call: public ones only. Used when a connection is saved (<see cref="CheckUrlAsync(Uri, bool, CancellationToken)"/>)
/// and again when a connection is opened (<see cref="OutboundHttpClientFactory"/>), since DNS can change in between.
/// </summary>
/// <remarks>
/// Forbidden: IPv4 0.0.0.0/8, 10/8, 100.64/10 (carrier-grade NAT), 127/8, 169.254/16, 172.16/12, 192.0.0/24,
/// 192.168/16, 198.18/15, 224/4 (multicast), 240/4 (reserved) and 255.255.255.255; IPv6 ::, ::1, 100::/64,
/// fc00::/7, fe80::/10, fec0::/10 and ff00::/8. An IPv6 address that embeds an IPv4 address (IPv4-mapped
/// ::ffff:0:0/96, IPv4-compatible ::/96, NAT64 64:ff9b::/96 and 64:ff9b:1::/48, 6to4 2002::/16) is judged by
/// the IPv4 address it embeds, so <c>::ffff:127.0.0.1</c> is loopback.
/// </remarks>
public static class OutboundAddressPolicy
{
    /// <summary>The end of every refusal: the setting that allows private networks, in both of its spellings.</summary>
    internal const string AllowPrivateHint =
        "An operator can allow private networks (development and tests only) with "
        + OutboundHttpOptions.AllowPrivateNetworksKey + "=true (environment variable " + OutboundHttpOptions.AllowPrivateNetworksVariable + ").";

    private static readonly (IPNetwork Network, string Range)[] ForbiddenV4 =
    [
        (IPNetwork.Parse("0.0.0.0/8"), "this-network"),
        (IPNetwork.Parse("10.0.0.0/8"), "private"),
        (IPNetwork.Parse("100.64.0.0/10"), "carrier-grade NAT"),
        (IPNetwork.Parse("127.0.0.0/8"), "loopback"),
        (IPNetwork.Parse("169.254.0.0/16"), "link-local"),
        (IPNetwork.Parse("172.16.0.0/12"), "private"),
        (IPNetwork.Parse("192.0.0.0/24"), "IETF protocol assignment"),
        (IPNetwork.Parse("192.168.0.0/16"), "private"),
        (IPNetwork.Parse("198.18.0.0/15"), "benchmarking"),
        (IPNetwork.Parse("224.0.0.0/4"), "multicast"),
        (IPNetwork.Parse("255.255.255.255/32"), "broadcast"),
        (IPNetwork.Parse("240.0.0.0/4"), "reserved"),
    ];

    private static readonly (IPNetwork Network, string Range)[] ForbiddenV6 =
    [
        (IPNetwork.Parse("::/128"), "unspecified"),
        (IPNetwork.Parse("::1/128"), "loopback"),
        (IPNetwork.Parse("100::/64"), "discard-only"),
        (IPNetwork.Parse("fc00::/7"), "unique-local"),
        (IPNetwork.Parse("fe80::/10"), "link-local"),
        (IPNetwork.Parse("fec0::/10"), "site-local"),
        (IPNetwork.Parse("ff00::/8"), "multicast"),
    ];

    // Prefixes of IPv6 addresses that carry an IPv4 address, and the byte offset of that address.
    private static readonly (IPNetwork Network, string Form, int Offset)[] EmbeddingV4 =
    [
        (IPNetwork.Parse("::ffff:0:0/96"), "IPv4-mapped", 12),
        (IPNetwork.Parse("::/96"), "IPv4-compatible", 12),
        (IPNetwork.Parse("64:ff9b::/96"), "NAT64", 12),
        (IPNetwork.Parse("64:ff9b:1::/48"), "NAT64", 12),
        (IPNetwork.Parse("2002::/16"), "6to4", 2),
    ];

    /// <summary>Whether workflows may not call <paramref name="address"/>.</summary>
    public static bool IsForbidden(IPAddress address) => GetForbiddenRange(address) is not null;

    /// <summary>Names the range that forbids <paramref name="address"/> (such as "loopback" or "IPv4-mapped private"), or <see langword="null"/> if it is public.</summary>
    public static string? GetForbiddenRange(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            return Match(ForbiddenV4, address);
        }

        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return "non-IP";
        }

        if (Match(ForbiddenV6, address) is { } range)
        {
            return range;
        }

        foreach (var (network, form, offset) in EmbeddingV4)
        {
            if (InPrefix(network, address))
            {
                var embedded = new IPAddress(address.GetAddressBytes().AsSpan(offset, 4));
                return Match(ForbiddenV4, embedded) is { } embeddedRange ? $"{form} {embeddedRange}" : null;
            }
        }

        return null;
    }

    /// <summary>
    /// Checks a connection's base URL without resolving its host: http or https, no user info, a DNS name or an IP
    /// literal, and, unless <paramref name="allowPrivate"/>, no forbidden IP literal and no <c>localhost</c>.
    /// <see cref="CheckUrlAsync(Uri, bool, CancellationToken)"/> also resolves names.
    /// </summary>
    /// <returns><see langword="null"/> if the URL is acceptable, otherwise why not. Messages name the host, never the whole URL, which may hold a credential.</returns>
    public static string? CheckUrl(Uri baseUrl, bool allowPrivate)
    {
        ArgumentNullException.ThrowIfNull(baseUrl);
        if (!baseUrl.IsAbsoluteUri)
        {
            return "The URL must be absolute, such as https://api.example.com/.";
        }

        if (baseUrl.Scheme != Uri.UriSchemeHttps && baseUrl.Scheme != Uri.UriSchemeHttp)
        {
            return $"The URL scheme '{baseUrl.Scheme}' is not allowed; use https (or http).";
        }

        if (!string.IsNullOrEmpty(baseUrl.UserInfo))
        {
            return "The URL must not contain a user name or password; put credentials in the connection's headers, which are encrypted.";
        }

        return CheckHost(baseUrl, allowPrivate);
    }

    /// <summary>
    /// Checks only the host of <paramref name="uri"/>, whatever its scheme (an AMQP broker's URI too): a DNS name or an IP
    /// literal, and, unless <paramref name="allowPrivate"/>, no forbidden IP literal and no <c>localhost</c>.
    /// </summary>
    /// <returns><see langword="null"/> if the host is acceptable, otherwise why not, naming only the host.</returns>
    public static string? CheckHost(Uri uri, bool allowPrivate)
    {
        ArgumentNullException.ThrowIfNull(uri);
        var host = uri.DnsSafeHost;
        if (string.IsNullOrEmpty(host))
        {
            return "The URL has no host.";
        }

        switch (uri.HostNameType)
        {
            case UriHostNameType.IPv4:
            case UriHostNameType.IPv6:
                var range = allowPrivate ? null : GetForbiddenRange(IPAddress.Parse(host));
                return range is null ? null : ForbiddenMessage(host, range);
            case UriHostNameType.Dns:
                var name = host.TrimEnd('.').ToLowerInvariant();
                return !allowPrivate && (name == "localhost" || name.EndsWith(".localhost", StringComparison.Ordinal))
                    ? $"The host '{host}' is this machine; workflows may only call public addresses. {AllowPrivateHint}"
                    : null;
            default:
                return $"The host '{host}' is neither a DNS name nor an IP address.";
        }
    }

    /// <summary>
    /// Checks a connection's base URL like <see cref="CheckUrl"/>, then, unless <paramref name="allowPrivate"/>,
    /// resolves a host name and refuses it if any of its addresses is forbidden or it does not resolve.
    /// </summary>
    /// <returns><see langword="null"/> if the URL is acceptable, otherwise why not.</returns>
    public static Task<string?> CheckUrlAsync(Uri baseUrl, bool allowPrivate, CancellationToken cancellationToken = default) =>
        CheckUrlAsync(baseUrl, allowPrivate, Dns.GetHostAddressesAsync, cancellationToken);

    internal static async Task<string?> CheckUrlAsync(
        Uri baseUrl,
        bool allowPrivate,
        Func<string, CancellationToken, Task<IPAddress[]>> resolve,
        CancellationToken cancellationToken)
    {
        return CheckUrl(baseUrl, allowPrivate) ?? await ResolveAndCheckAsync(baseUrl, allowPrivate, resolve, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Checks the host of <paramref name="uri"/> like <see cref="CheckHost"/>, then, unless <paramref name="allowPrivate"/>,
    /// resolves a host name and refuses it if any of its addresses is forbidden or it does not resolve.
    /// </summary>
    /// <returns><see langword="null"/> if the host is acceptable, otherwise why not.</returns>
    public static async Task<string?> CheckHostAsync(Uri uri, bool allowPrivate, CancellationToken cancellationToken = default) =>
        CheckHost(uri, allowPrivate) ?? await ResolveAndCheckAsync(uri, allowPrivate, Dns.GetHostAddressesAsync, cancellationToken).ConfigureAwait(false);

    private static async Task<string?> ResolveAndCheckAsync(
        Uri uri,
        bool allowPrivate,
        Func<string, CancellationToken, Task<IPAddress[]>> resolve,
        CancellationToken cancellationToken)
    {
        if (allowPrivate || uri.HostNameType != UriHostNameType.Dns)
        {
            return null;
        }

        var host = uri.DnsSafeHost;
        IPAddress[] addresses;
        try
        {
            addresses = await resolve(host, cancellationToken).ConfigureAwait(false);
        }
        catch (SocketException ex)
        {
            return $"The host '{host}' could not be resolved ({ex.SocketErrorCode}).";
        }

        if (addresses.Length == 0)
        {
            return $"The host '{host}' could not be resolved (no addresses).";
        }

        foreach (var address in addresses)
        {
            if (IsForbidden(address))
            {
                return ForbiddenMessage(host, literalRange: null);
            }
        }

        return null;
    }

    private static string? Match((IPNetwork Network, string Range)[] ranges, IPAddress address)
    {
        foreach (var (network, range) in ranges)
        {
            if (InPrefix(network, address))
            {
                return range;
            }
        }

        return null;
    }

    // IPNetwork.Contains is not used: on .NET 10 it answers false for ::ffff:127.0.0.1 in ::ffff:0:0/96, and true for
    // ::ffff:0.0.0.0 in ::/128, which is exactly the IPv4-mapped case this policy exists to catch.
    private static bool InPrefix(IPNetwork network, IPAddress address)
    {
        if (network.BaseAddress.AddressFamily != address.AddressFamily)
        {
            return false;
        }

        Span<byte> prefix = stackalloc byte[16];
        Span<byte> candidate = stackalloc byte[16];
        network.BaseAddress.TryWriteBytes(prefix, out var length);
        address.TryWriteBytes(candidate, out _);
        var bits = network.PrefixLength;
        var whole = bits / 8;
        if (!candidate[..whole].SequenceEqual(prefix[..whole]))
        {
            return false;
        }

        var rest = bits % 8;
        if (rest == 0 || whole >= length)
        {
            return true;
        }

        var mask = (byte)(0xFF << (8 - rest));
        return (candidate[whole] & mask) == (prefix[whole] & mask);
    }

    /// <summary>
    /// Why <paramref name="host"/> is refused. The range is named only for an IP literal (<paramref name="literalRange"/>):
    /// for a name, the message never says which address or range it resolved to, so that a tenant cannot use refusals
    /// to map internal names to addresses.
    /// </summary>
    internal static string ForbiddenMessage(string host, string? literalRange) =>
        literalRange is not null
            ? $"The host '{host}' is a {literalRange} address; workflows may only call public addresses. {AllowPrivateHint}"
            : $"The host '{host}' resolves to a non-public address; workflows may only call public addresses. {AllowPrivateHint}";
}
