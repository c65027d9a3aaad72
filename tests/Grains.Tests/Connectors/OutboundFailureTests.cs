using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using OrleansFlows.Grains.Connectors.OutboundHttp;
using OrleansFlows.TestKit;
using OrleansFlows.TestKit.Saas;

namespace OrleansFlows.Grains.Tests.Connectors;

/// <summary>
/// A call that fails before a complete response says what happened, with the host and port, against real servers on
/// 127.0.0.1: a port where nothing listens, a server that hangs up, a plain server asked for TLS, a name that does not resolve.
/// </summary>
public sealed class OutboundFailureTests : IDisposable
{
    private readonly OutboundHttpClientFactory _factory = new(
        Options.Create(new OutboundHttpOptions { AllowPrivateNetworks = true }),
        NullLogger<OutboundHttpClientFactory>.Instance);

    [Fact]
    public async Task SendAsync_PortWithNothingListening_SaysTheConnectionWasRefused()
    {
        var port = LoopbackPorts.Free();

        var ex = await SendAsync(new Uri($"http://127.0.0.1:{port}/enrich"));

        Assert.Equal(OutboundFailure.ConnectionRefused, ex.Failure);
        Assert.Equal($"The connection to 127.0.0.1:{port} was refused: nothing accepts connections on that port.", ex.Message);
    }

    [Fact]
    public async Task SendAsync_ServerClosesWithoutAnswering_SaysTheConnectionWasClosed()
    {
        await using var server = HangUpServer.Start();

        var ex = await SendAsync(new Uri(server.BaseAddress, "enrich"));

        Assert.Equal(OutboundFailure.ConnectionClosed, ex.Failure);
        Assert.Equal($"The connection to 127.0.0.1:{server.BaseAddress.Port} was closed before a complete response arrived.", ex.Message);
        Assert.True(server.Connections >= 1, "the server never saw the call");
    }

    [Fact]
    public async Task SendAsync_HttpsToPlainServer_SaysTheTlsHandshakeFailed()
    {
        await using var server = await EnrichmentServer.StartAsync();
        var url = new UriBuilder(server.BaseAddress) { Scheme = Uri.UriSchemeHttps, Path = "enrich" }.Uri;

        var ex = await SendAsync(url);

        Assert.Equal(OutboundFailure.TlsFailed, ex.Failure);
        Assert.StartsWith($"The TLS handshake with 127.0.0.1:{server.BaseAddress.Port} failed (", ex.Message, StringComparison.Ordinal);
        Assert.EndsWith("); check that the server speaks https on that port and that its certificate is valid.", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SendAsync_NameThatDoesNotResolve_SaysSoWithTheHost()
    {
        var ex = await SendAsync(new Uri("http://no-such-host.invalid/enrich"));

        Assert.Equal(OutboundFailure.NameNotResolved, ex.Failure);
        Assert.StartsWith("The host 'no-such-host.invalid' could not be resolved (DNS: ", ex.Message, StringComparison.Ordinal);
        Assert.EndsWith("); check the connection's URL.", ex.Message, StringComparison.Ordinal);
    }

    public void Dispose() => _factory.Dispose();

    private async Task<OutboundRequestFailedException> SendAsync(Uri url)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using var request = new HttpRequestMessage(HttpMethod.Post, url)
        {
            Content = new StringContent("""{"email":"ada@example.com"}""", Encoding.UTF8, "application/json"),
        };
        return await Assert.ThrowsAsync<OutboundRequestFailedException>(() => _factory.SendAsync(request, timeout.Token));
    }
}
