using System.Net;
using System.Net.Sockets;
using OrleansFlows.Grains.Connectors.OutboundHttp;

namespace OrleansFlows.Grains.Tests.Connectors;

public sealed class OutboundAddressPolicyTests
{
    private const string Hint =
        " An operator can allow private networks (development and tests only) with OrleansFlows:Outbound:AllowPrivateNetworks=true"
        + " (environment variable OrleansFlows__Outbound__AllowPrivateNetworks).";

    [Theory]
    [InlineData("0.0.0.0", "this-network")]
    [InlineData("0.1.2.3", "this-network")]
    [InlineData("10.0.0.1", "private")]
    [InlineData("10.255.255.255", "private")]
    [InlineData("100.64.0.1", "carrier-grade NAT")]
    [InlineData("100.127.255.254", "carrier-grade NAT")]
    [InlineData("127.0.0.1", "loopback")]
    [InlineData("127.255.0.9", "loopback")]
    [InlineData("169.254.169.254", "link-local")]
    [InlineData("172.16.0.1", "private")]
    [InlineData("172.31.255.255", "private")]
    [InlineData("192.0.0.8", "IETF protocol assignment")]
    [InlineData("192.168.1.1", "private")]
    [InlineData("198.18.0.1", "benchmarking")]
    [InlineData("224.0.0.1", "multicast")]
    [InlineData("239.255.255.250", "multicast")]
    [InlineData("240.0.0.1", "reserved")]
    [InlineData("255.255.255.255", "broadcast")]
    [InlineData("::", "unspecified")]
    [InlineData("::1", "loopback")]
    [InlineData("fe80::1", "link-local")]
    [InlineData("febf:ffff::1", "link-local")]
    [InlineData("fec0::1", "site-local")]
    [InlineData("fc00::1", "unique-local")]
    [InlineData("fd12:3456::1", "unique-local")]
    [InlineData("ff02::1", "multicast")]
    [InlineData("100::1", "discard-only")]
    [InlineData("::ffff:127.0.0.1", "IPv4-mapped loopback")]
    [InlineData("::ffff:7f00:1", "IPv4-mapped loopback")]
    [InlineData("::ffff:10.1.2.3", "IPv4-mapped private")]
    [InlineData("::ffff:169.254.169.254", "IPv4-mapped link-local")]
    [InlineData("::ffff:0.0.0.0", "IPv4-mapped this-network")]
    [InlineData("::127.0.0.1", "IPv4-compatible loopback")]
    [InlineData("::192.168.0.1", "IPv4-compatible private")]
    [InlineData("64:ff9b::127.0.0.1", "NAT64 loopback")]
    [InlineData("64:ff9b::a9fe:a9fe", "NAT64 link-local")]
    [InlineData("64:ff9b:1::10.0.0.1", "NAT64 private")]
    [InlineData("2002:7f00:1::", "6to4 loopback")]
    [InlineData("2002:c0a8:101::1", "6to4 private")]
    public void GetForbiddenRange_NonPublicAddress_NamesRange(string address, string range)
    {
        Assert.Equal(range, OutboundAddressPolicy.GetForbiddenRange(IPAddress.Parse(address)));
        Assert.True(OutboundAddressPolicy.IsForbidden(IPAddress.Parse(address)));
    }

    [Theory]
    [InlineData("8.8.8.8")]
    [InlineData("1.1.1.1")]
    [InlineData("9.255.255.255")]
    [InlineData("11.0.0.0")]
    [InlineData("100.63.255.255")]
    [InlineData("100.128.0.0")]
    [InlineData("126.255.255.255")]
    [InlineData("128.0.0.0")]
    [InlineData("169.253.255.255")]
    [InlineData("172.15.255.255")]
    [InlineData("172.32.0.0")]
    [InlineData("192.167.255.255")]
    [InlineData("192.169.0.0")]
    [InlineData("223.255.255.255")]
    [InlineData("2606:4700:4700::1111")]
    [InlineData("2001:4860:4860::8888")]
    [InlineData("fbff::1")]
    [InlineData("::ffff:8.8.8.8")]
    [InlineData("64:ff9b::8.8.8.8")]
    [InlineData("2002:808:808::1")]
    public void IsForbidden_PublicAddress_ReturnsFalse(string address)
    {
        Assert.False(OutboundAddressPolicy.IsForbidden(IPAddress.Parse(address)));
        Assert.Null(OutboundAddressPolicy.GetForbiddenRange(IPAddress.Parse(address)));
    }

    [Theory]
    [InlineData("https://api.example.com/v1/")]
    [InlineData("http://api.example.com:8080")]
    [InlineData("https://8.8.8.8/")]
    [InlineData("https://[2606:4700:4700::1111]/")]
    public void CheckUrl_PublicUrl_ReturnsNull(string url)
    {
        Assert.Null(OutboundAddressPolicy.CheckUrl(new Uri(url), allowPrivate: false));
    }

    [Theory]
    [InlineData("ftp://api.example.com/", "The URL scheme 'ftp' is not allowed; use https (or http).")]
    [InlineData("file:///etc/passwd", "The URL scheme 'file' is not allowed; use https (or http).")]
    [InlineData("https://user:pass@api.example.com/", "The URL must not contain a user name or password; put credentials in the connection's headers, which are encrypted.")]
    [InlineData("http://127.0.0.1:8080/", "The host '127.0.0.1' is a loopback address; workflows may only call public addresses." + Hint)]
    [InlineData("http://169.254.169.254/latest/meta-data/", "The host '169.254.169.254' is a link-local address; workflows may only call public addresses." + Hint)]
    [InlineData("http://[::1]/", "The host '::1' is a loopback address; workflows may only call public addresses." + Hint)]
    [InlineData("http://[::ffff:127.0.0.1]/", "The host '::ffff:127.0.0.1' is a IPv4-mapped loopback address; workflows may only call public addresses." + Hint)]
    [InlineData("http://2130706433/", "The host '127.0.0.1' is a loopback address; workflows may only call public addresses." + Hint)]
    [InlineData("http://0x7f.1/", "The host '127.0.0.1' is a loopback address; workflows may only call public addresses." + Hint)]
    [InlineData("http://localhost:5000/", "The host 'localhost' is this machine; workflows may only call public addresses." + Hint)]
    [InlineData("http://LOCALHOST./", "The host 'localhost.' is this machine; workflows may only call public addresses." + Hint)]
    [InlineData("http://api.localhost/", "The host 'api.localhost' is this machine; workflows may only call public addresses." + Hint)]
    public void CheckUrl_RefusedUrl_ExplainsWhy(string url, string message)
    {
        Assert.Equal(message, OutboundAddressPolicy.CheckUrl(new Uri(url), allowPrivate: false));
    }

    [Fact]
    public void CheckUrl_RelativeUrl_IsRefused()
    {
        Assert.Equal("The URL must be absolute, such as https://api.example.com/.", OutboundAddressPolicy.CheckUrl(new Uri("/v1", UriKind.Relative), allowPrivate: false));
    }

    [Theory]
    [InlineData("http://127.0.0.1:8080/")]
    [InlineData("http://localhost:5000/")]
    [InlineData("http://[::1]/")]
    public void CheckUrl_PrivateAllowed_AcceptsLoopback(string url)
    {
        Assert.Null(OutboundAddressPolicy.CheckUrl(new Uri(url), allowPrivate: true));
    }

    [Fact]
    public void CheckUrl_PrivateAllowed_StillRefusesUserInfoAndScheme()
    {
        Assert.NotNull(OutboundAddressPolicy.CheckUrl(new Uri("http://u:p@127.0.0.1/"), allowPrivate: true));
        Assert.NotNull(OutboundAddressPolicy.CheckUrl(new Uri("gopher://127.0.0.1/"), allowPrivate: true));
    }

    [Fact]
    public async Task CheckUrlAsync_NameResolvingToPrivateAddress_IsRefused()
    {
        var message = await OutboundAddressPolicy.CheckUrlAsync(
            new Uri("https://rebind.example.com/"),
            allowPrivate: false,
            Resolve("93.184.216.34", "10.0.0.5"),
            CancellationToken.None);

        Assert.Equal("The host 'rebind.example.com' resolves to a non-public address; workflows may only call public addresses." + Hint, message);
    }

    [Fact]
    public async Task CheckUrlAsync_NameResolvingToMappedLoopback_IsRefused()
    {
        var message = await OutboundAddressPolicy.CheckUrlAsync(
            new Uri("https://sneaky.example.com/"),
            allowPrivate: false,
            Resolve("::ffff:127.0.0.1"),
            CancellationToken.None);

        Assert.Equal("The host 'sneaky.example.com' resolves to a non-public address; workflows may only call public addresses." + Hint, message);
    }

    [Fact]
    public async Task CheckUrlAsync_NameResolvingToPublicAddresses_IsAccepted()
    {
        Assert.Null(await OutboundAddressPolicy.CheckUrlAsync(
            new Uri("https://api.example.com/"),
            allowPrivate: false,
            Resolve("93.184.216.34", "2606:2800:220:1:248:1893:25c8:1946"),
            CancellationToken.None));
    }

    [Fact]
    public async Task CheckUrlAsync_UnresolvableName_IsRefused()
    {
        var message = await OutboundAddressPolicy.CheckUrlAsync(
            new Uri("https://nowhere.example.com/"),
            allowPrivate: false,
            (_, _) => Task.FromException<IPAddress[]>(new SocketException((int)SocketError.HostNotFound)),
            CancellationToken.None);

        Assert.Equal("The host 'nowhere.example.com' could not be resolved (HostNotFound).", message);
    }

    [Fact]
    public async Task CheckUrlAsync_PrivateAllowed_DoesNotResolve()
    {
        Assert.Null(await OutboundAddressPolicy.CheckUrlAsync(
            new Uri("https://internal.example.com/"),
            allowPrivate: true,
            (_, _) => throw new InvalidOperationException("must not resolve"),
            CancellationToken.None));
    }

    [Fact]
    public async Task CheckUrlAsync_Localhost_IsRefusedWithoutResolving()
    {
        Assert.Equal(
            "The host 'localhost' is this machine; workflows may only call public addresses." + Hint,
            await OutboundAddressPolicy.CheckUrlAsync(new Uri("http://localhost/"), allowPrivate: false));
    }

    private static Func<string, CancellationToken, Task<IPAddress[]>> Resolve(params string[] addresses) =>
        (_, _) => Task.FromResult(addresses.Select(IPAddress.Parse).ToArray());
}
