using System.Net;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using OrleansFlows.Grains.Connectors.OutboundHttp;
using OrleansFlows.TestKit.Saas;

namespace OrleansFlows.Grains.Tests.Connectors;

public sealed class OutboundHttpClientFactoryTests
{
    private static readonly TimeSpan CallTimeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task SendAsync_ToLoopbackWithPrivateNetworksOff_IsRefusedAtConnect()
    {
        await using var server = await EnrichmentServer.StartAsync();
        using var factory = CreateFactory(allowPrivateNetworks: false);
        var url = new Uri(server.BaseAddress, "enrich");

        var ex = await Assert.ThrowsAsync<OutboundAddressForbiddenException>(() => SendAsync(factory, HttpMethod.Post, url));

        Assert.Equal("127.0.0.1", ex.Host);
        Assert.Equal(IPAddress.Loopback, ex.Address);
        Assert.Equal(HttpRequestError.ConnectionError, ex.HttpRequestError);
        Assert.Equal(
            "The host '127.0.0.1' is a loopback address; workflows may only call public addresses. An operator can allow private networks "
                + "(development and tests only) with OrleansFlows:Outbound:AllowPrivateNetworks=true (environment variable OrleansFlows__Outbound__AllowPrivateNetworks).",
            ex.Message);
        Assert.Empty(server.Requests);
    }

    [Fact]
    public async Task Client_ToLoopbackWithPrivateNetworksOff_WrapsRefusalInHttpRequestException()
    {
        await using var server = await EnrichmentServer.StartAsync();
        using var factory = CreateFactory(allowPrivateNetworks: false);

        var ex = await Assert.ThrowsAsync<HttpRequestException>(() => factory.Client.GetAsync(server.BaseAddress));

        Assert.IsType<OutboundAddressForbiddenException>(ex.InnerException);
        Assert.Empty(server.Requests);
    }

    [Fact]
    public async Task SendAsync_ToLocalhostNameWithPrivateNetworksOff_IsRefusedAtConnect()
    {
        await using var server = await EnrichmentServer.StartAsync();
        using var factory = CreateFactory(allowPrivateNetworks: false);
        var url = new UriBuilder(server.BaseAddress) { Host = "localhost" }.Uri;

        var ex = await Assert.ThrowsAsync<OutboundAddressForbiddenException>(() => SendAsync(factory, HttpMethod.Get, url));

        Assert.Equal("localhost", ex.Host);
        Assert.True(IPAddress.IsLoopback(ex.Address), $"{ex.Address} is not loopback");
        Assert.Equal(
            "The host 'localhost' resolves to a non-public address; workflows may only call public addresses. An operator can allow private networks "
                + "(development and tests only) with OrleansFlows:Outbound:AllowPrivateNetworks=true (environment variable OrleansFlows__Outbound__AllowPrivateNetworks).",
            ex.Message);
        Assert.DoesNotContain(ex.Address.ToString(), ex.Message, StringComparison.Ordinal);
        Assert.Empty(server.Requests);
    }

    [Fact]
    public async Task SendAsync_ToIPv4MappedLoopbackWithPrivateNetworksOff_IsRefusedAtConnect()
    {
        await using var server = await EnrichmentServer.StartAsync();
        using var factory = CreateFactory(allowPrivateNetworks: false);
        var url = new Uri($"http://[::ffff:127.0.0.1]:{server.BaseAddress.Port}/enrich");

        var ex = await Assert.ThrowsAsync<OutboundAddressForbiddenException>(() => SendAsync(factory, HttpMethod.Get, url));

        Assert.Equal(IPAddress.Parse("::ffff:127.0.0.1"), ex.Address);
        Assert.Contains("a IPv4-mapped loopback address", ex.Message, StringComparison.Ordinal);
        Assert.Empty(server.Requests);
    }

    [Fact]
    public async Task SendAsync_ToLoopbackWithPrivateNetworksOn_ReturnsResponse()
    {
        await using var server = await EnrichmentServer.StartAsync();
        using var factory = CreateFactory(allowPrivateNetworks: true);
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(server.BaseAddress, "enrich"))
        {
            Content = new StringContent("""{"email":"ada@example.com"}""", Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("Idempotency-Key", "t1/l1/enrich/1");

        var response = await factory.SendAsync(request, CancellationToken.None);

        Assert.Equal(200, response.Status);
        Assert.True(response.IsSuccess);
        Assert.StartsWith("application/json", response.ContentType, StringComparison.Ordinal);
        Assert.Equal("""{"email":"ada@example.com","company":"Acme","score":42}""", Encoding.UTF8.GetString(response.Body));
        Assert.Equal("t1/l1/enrich/1", Assert.Single(server.Requests).IdempotencyKey);
    }

    [Fact]
    public async Task SendAsync_Redirect_IsReturnedNotFollowed()
    {
        var hits = 0;
        await using var server = await LoopbackWebHost.StartNewAsync((context, _) =>
        {
            Interlocked.Increment(ref hits);
            context.Response.StatusCode = StatusCodes.Status302Found;
            context.Response.Headers.Location = "http://169.254.169.254/latest/meta-data/";
            return Task.CompletedTask;
        });
        using var factory = CreateFactory(allowPrivateNetworks: true);

        var response = await SendAsync(factory, HttpMethod.Get, server.BaseAddress);

        Assert.Equal(302, response.Status);
        Assert.Equal("http://169.254.169.254/latest/meta-data/", response.Headers["Location"]);
        Assert.Equal(1, hits);
    }

    [Fact]
    public async Task SendAsync_DeclaredBodyOverCap_ThrowsBeforeReading()
    {
        await using var server = await LoopbackWebHost.StartNewAsync(async (context, _) =>
        {
            context.Response.ContentLength = 4097;
            await context.Response.Body.WriteAsync(new byte[4097], context.RequestAborted);
        });
        using var factory = CreateFactory(allowPrivateNetworks: true, maxResponseBytes: 4096);

        var ex = await Assert.ThrowsAsync<OutboundResponseTooLargeException>(() => SendAsync(factory, HttpMethod.Get, server.BaseAddress));

        Assert.Equal(4096, ex.Limit);
        Assert.Equal(HttpRequestError.ConfigurationLimitExceeded, ex.HttpRequestError);
        Assert.Equal("The response from '127.0.0.1' declares 4097 bytes, more than the limit of 4096 bytes (OrleansFlows:Outbound:MaxResponseBytes).", ex.Message);
    }

    [Fact]
    public async Task SendAsync_StreamedBodyOverCap_StopsAtCap()
    {
        var chunk = new byte[64 * 1024];
        await using var server = await LoopbackWebHost.StartNewAsync(async (context, stopping) =>
        {
            // No Content-Length: the body is chunked and far larger than the cap, so only the read loop can stop it.
            for (var i = 0; i < 1024 && !context.RequestAborted.IsCancellationRequested; i++)
            {
                await context.Response.Body.WriteAsync(chunk, context.RequestAborted);
            }
        });
        using var factory = CreateFactory(allowPrivateNetworks: true, maxResponseBytes: 100_000);

        var ex = await Assert.ThrowsAsync<OutboundResponseTooLargeException>(() => SendAsync(factory, HttpMethod.Get, server.BaseAddress));

        Assert.Equal("The response from '127.0.0.1' is longer than the limit of 100000 bytes (OrleansFlows:Outbound:MaxResponseBytes).", ex.Message);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task SendAsync_BodyExactlyAtCap_IsRead(bool declareLength)
    {
        var body = Enumerable.Range(0, 50_000).Select(i => (byte)i).ToArray();
        await using var server = await LoopbackWebHost.StartNewAsync(async (context, _) =>
        {
            if (declareLength)
            {
                context.Response.ContentLength = body.Length;
            }

            await context.Response.Body.WriteAsync(body, context.RequestAborted);
        });
        using var factory = CreateFactory(allowPrivateNetworks: true, maxResponseBytes: body.Length);

        var response = await SendAsync(factory, HttpMethod.Get, server.BaseAddress);

        Assert.Equal(body, response.Body);
    }

    [Fact]
    public async Task SendAsync_TooManyRequests_SurfacesRetryAfter()
    {
        await using var server = await EnrichmentServer.StartAsync();
        server.FailNext(1, StatusCodes.Status429TooManyRequests, TimeSpan.FromSeconds(7));
        using var factory = CreateFactory(allowPrivateNetworks: true);

        var response = await SendAsync(factory, HttpMethod.Post, new Uri(server.BaseAddress, "enrich"));

        Assert.Equal(429, response.Status);
        Assert.Equal("7", response.Headers["retry-after"]);
        Assert.Equal(TimeSpan.FromSeconds(7), response.GetRetryAfter(DateTimeOffset.UtcNow));
    }

    [Fact]
    public void GetRetryAfter_HttpDate_IsDelayFromNow()
    {
        var now = new DateTimeOffset(2025, 3, 1, 12, 0, 0, TimeSpan.Zero);
        var response = new OutboundResponse(503, new Dictionary<string, string> { ["Retry-After"] = "Sat, 01 Mar 2025 12:00:30 GMT" }, []);

        Assert.Equal(TimeSpan.FromSeconds(30), response.GetRetryAfter(now));
        Assert.Null(new OutboundResponse(503, new Dictionary<string, string>(), []).GetRetryAfter(now));
    }

    [Fact]
    public void CreateHandler_Always_DisablesRedirectsAndProxyAndAppliesTimeouts()
    {
        using var factory = CreateFactory(allowPrivateNetworks: false, connectTimeout: TimeSpan.FromSeconds(3));
        using var handler = factory.CreateHandler();

        Assert.False(handler.AllowAutoRedirect);
        Assert.False(handler.UseProxy);
        Assert.Equal(TimeSpan.FromSeconds(3), handler.ConnectTimeout);
        Assert.Equal(TimeSpan.FromMinutes(2), handler.PooledConnectionLifetime);
        Assert.NotNull(handler.ConnectCallback);
    }

    [Fact]
    public void Constructor_WithInvalidOptions_ListsEveryProblem()
    {
        var options = new OutboundHttpOptions { MaxResponseBytes = 0, ConnectTimeout = TimeSpan.Zero };

        var ex = Assert.Throws<OptionsValidationException>(() => new OutboundHttpClientFactory(Options.Create(options), NullLogger<OutboundHttpClientFactory>.Instance));

        Assert.Equal(
            [
                "OutboundHttpOptions.MaxResponseBytes must be between 1 and 67108864; it is 0.",
                "OutboundHttpOptions.ConnectTimeout must be greater than zero and at most 00:02:00; it is 00:00:00.",
            ],
            ex.Failures);
    }

    [Fact]
    public void Validate_Defaults_Succeed()
    {
        var options = new OutboundHttpOptions();

        Assert.True(new OutboundHttpOptionsValidator().Validate(null, options).Succeeded);
        Assert.False(options.AllowPrivateNetworks);
        Assert.Equal(1024 * 1024, options.MaxResponseBytes);
        Assert.Equal(TimeSpan.FromSeconds(10), options.ConnectTimeout);
    }

    private static OutboundHttpClientFactory CreateFactory(bool allowPrivateNetworks, long maxResponseBytes = OutboundHttpOptions.DefaultMaxResponseBytes, TimeSpan? connectTimeout = null) =>
        new(
            Options.Create(new OutboundHttpOptions
            {
                AllowPrivateNetworks = allowPrivateNetworks,
                MaxResponseBytes = maxResponseBytes,
                ConnectTimeout = connectTimeout ?? OutboundHttpOptions.DefaultConnectTimeout,
            }),
            NullLogger<OutboundHttpClientFactory>.Instance);

    private static async Task<OutboundResponse> SendAsync(OutboundHttpClientFactory factory, HttpMethod method, Uri url)
    {
        using var timeout = new CancellationTokenSource(CallTimeout);
        using var request = new HttpRequestMessage(method, url);
        if (method == HttpMethod.Post)
        {
            request.Content = new StringContent("""{"email":"ada@example.com"}""", Encoding.UTF8, "application/json");
        }

        return await factory.SendAsync(request, timeout.Token);
    }
}
