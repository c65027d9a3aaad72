using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using OrleansFlows.Runtime.Transport;
using OrleansFlows.TestKit;

namespace OrleansFlows.Runtime.Tests.Transport;

public sealed class SiloTransportTests : IAsyncLifetime
{
    private const string Secret = "cluster-secret-for-tests-0123456789";
    private readonly EchoHandler _handler = new();
    private SiloTransportListener _listener = null!;

    private string Address => $"127.0.0.1:{_listener.LocalEndpoint.Port}";

    public Task InitializeAsync()
    {
        _listener = StartListener(new TransportOptions { ClusterSecret = Secret });
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        _handler.Release();
        await _listener.DisposeAsync();
    }

    [Fact]
    public async Task Send_WithSameSecret_ReturnsTheAnswer()
    {
        await using var connection = await SiloConnection.ConnectAsync(Address, Options());

        var answer = await connection.SendAsync("echo:hello"u8.ToArray());

        Assert.Equal("echo:hello", Encoding.UTF8.GetString(answer.Span));
    }

    [Fact]
    public async Task Send_ManyConcurrentRequests_MatchesEachAnswerToItsRequest()
    {
        await using var connection = await SiloConnection.ConnectAsync(Address, Options());

        var answers = await Task.WhenAll(Enumerable.Range(0, 2_000).Select(async i =>
            (i, Encoding.UTF8.GetString((await connection.SendAsync(Encoding.UTF8.GetBytes($"echo:{i}"))).Span))));

        Assert.All(answers, a => Assert.Equal($"echo:{a.i}", a.Item2));
        Assert.Equal(2_000, _handler.Handled);
    }

    [Fact]
    public async Task Send_NoAnswerWithinTimeout_FailsWithTimeoutWhileTheConnectionStaysUsable()
    {
        await using var connection = await SiloConnection.ConnectAsync(Address, Options());
        var started = Environment.TickCount64;

        var error = await Assert.ThrowsAsync<TimeoutException>(() => connection.SendAsync("hold:late"u8.ToArray(), TimeSpan.FromMilliseconds(300)));

        var waited = Environment.TickCount64 - started;
        Assert.InRange(waited, 300, 10_000);
        Assert.Contains($"Silo {Address} did not answer within 00:00:00.3", error.Message, StringComparison.Ordinal);
        Assert.True(connection.IsOpen);
        Assert.Equal("echo:after", Encoding.UTF8.GetString((await connection.SendAsync("echo:after"u8.ToArray(), TimeSpan.FromSeconds(10))).Span));
    }

    [Fact]
    public async Task Send_RequestHeldByHandler_DoesNotBlockOtherRequests()
    {
        await using var connection = await SiloConnection.ConnectAsync(Address, Options());

        var held = connection.SendAsync("hold:1"u8.ToArray());
        await _handler.HeldStarted.Task.WaitAsync(TimeSpan.FromSeconds(10));
        var quick = await connection.SendAsync("echo:quick"u8.ToArray());

        Assert.Equal("echo:quick", Encoding.UTF8.GetString(quick.Span));
        Assert.False(held.IsCompleted);
        _handler.Release();
        Assert.Equal("hold:1", Encoding.UTF8.GetString((await held).Span));
    }

    [Fact]
    public async Task Send_HandlerThrows_FailsWithRemoteCallExceptionNamingTheError()
    {
        await using var connection = await SiloConnection.ConnectAsync(Address, Options());

        var error = await Assert.ThrowsAsync<RemoteCallException>(() => connection.SendAsync("fail:no such grain"u8.ToArray()));

        Assert.Equal("InvalidOperationException: no such grain", error.Message);
        Assert.Equal("echo:after", Encoding.UTF8.GetString((await connection.SendAsync("echo:after"u8.ToArray())).Span));
    }

    [Fact]
    public async Task Connect_WithOtherSecret_IsRefusedAndNoRequestRuns()
    {
        var error = await Assert.ThrowsAsync<SiloConnectionException>(() =>
            SiloConnection.ConnectAsync(Address, new TransportOptions { ClusterSecret = "another-secret-of-enough-length" }));

        Assert.Contains("refused", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, _handler.Handled);
    }

    [Fact]
    public async Task Connect_ToImpostorListener_RefusesIt()
    {
        var impostorHandler = new EchoHandler();
        await using var impostor = new SiloTransportListener(
            new IPEndPoint(IPAddress.Loopback, 0), new TransportOptions { ClusterSecret = "impostor-secret-of-enough-length" }, impostorHandler, NullLogger.Instance);
        impostor.Start();

        await Assert.ThrowsAsync<SiloConnectionException>(() =>
            SiloConnection.ConnectAsync($"127.0.0.1:{impostor.LocalEndpoint.Port}", Options()));
        Assert.Equal(0, impostorHandler.Handled);
    }

    [Fact]
    public async Task Listener_RawBytesWithoutHandshake_ClosesTheConnectionWithoutRunningThem()
    {
        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, _listener.LocalEndpoint.Port);
        var stream = client.GetStream();
        var greeting = new byte[36];
        await stream.ReadExactlyAsync(greeting);
        await stream.WriteAsync(new byte[68]);

        var read = await stream.ReadAsync(new byte[64]).AsTask().WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(0, read);
        Assert.Equal(0, _handler.Handled);
    }

    [Fact]
    public async Task Send_ListenerStops_FailsRequestsInFlightWithSiloConnectionException()
    {
        var connection = await SiloConnection.ConnectAsync(Address, Options());
        var held = connection.SendAsync("hold:2"u8.ToArray());
        await _handler.HeldStarted.Task.WaitAsync(TimeSpan.FromSeconds(10));

        await _listener.DisposeAsync();

        var error = await Assert.ThrowsAsync<SiloConnectionException>(() => held.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Contains("may or may not have run", error.Message, StringComparison.Ordinal);
        Assert.False(connection.IsOpen);
        await Assert.ThrowsAsync<SiloConnectionException>(() => connection.SendAsync("echo:late"u8.ToArray()));
        await connection.DisposeAsync();
        _listener = StartListener(new TransportOptions { ClusterSecret = Secret });
    }

    [Fact]
    public async Task Connect_NothingListening_FailsWithSiloConnectionExceptionNamingTheAddress()
    {
        var port = LoopbackPorts.Free();

        var error = await Assert.ThrowsAsync<SiloConnectionException>(() => SiloConnection.ConnectAsync($"127.0.0.1:{port}", Options()));

        Assert.Contains($"127.0.0.1:{port}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Send_FrameOverLimit_IsRefusedBeforeSending()
    {
        await using var connection = await SiloConnection.ConnectAsync(Address, Options(maxFrameBytes: 4096));

        var error = await Assert.ThrowsAsync<ArgumentException>(() => connection.SendAsync(new byte[5000]));

        Assert.Contains("over the transport limit of 4096 bytes", error.Message, StringComparison.Ordinal);
        Assert.True(connection.IsOpen);
    }

    [Fact]
    public async Task Send_OverTls_ReturnsTheAnswer()
    {
        using var certificate = SelfSignedCertificate();
        var tlsHandler = new EchoHandler();
        await using var listener = new SiloTransportListener(
            new IPEndPoint(IPAddress.Loopback, 0), new TransportOptions { ClusterSecret = Secret, ServerCertificate = certificate }, tlsHandler, NullLogger.Instance);
        listener.Start();
        var options = Options();
        options.UseTls = true;
        options.ValidateServerCertificate = (_, presented, _, _) => presented is not null && presented.GetCertHashString() == certificate.GetCertHashString();

        await using var connection = await SiloConnection.ConnectAsync($"127.0.0.1:{listener.LocalEndpoint.Port}", options);
        var answer = await connection.SendAsync("echo:secure"u8.ToArray());

        Assert.Equal("echo:secure", Encoding.UTF8.GetString(answer.Span));
        var plain = await Assert.ThrowsAsync<SiloConnectionException>(() =>
            SiloConnection.ConnectAsync($"127.0.0.1:{listener.LocalEndpoint.Port}", Options()));
        Assert.Contains("127.0.0.1", plain.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("short", "ClusterSecret must be at least 16 bytes")]
    [InlineData("", "ClusterSecret must be at least 16 bytes")]
    public void Listener_WithWeakSecret_FailsAtConstruction(string secret, string expected)
    {
        var error = Assert.Throws<ArgumentException>(() => new SiloTransportListener(
            new IPEndPoint(IPAddress.Loopback, 0), new TransportOptions { ClusterSecret = secret }, _handler, NullLogger.Instance));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("127.0.0.1:0")]
    [InlineData("127.0.0.1:70000")]
    [InlineData(":5000")]
    public async Task Connect_WithMalformedAddress_FailsNamingIt(string address)
    {
        var error = await Assert.ThrowsAsync<ArgumentException>(() => SiloConnection.ConnectAsync(address, Options()));

        Assert.Contains($"'{address}'", error.Message, StringComparison.Ordinal);
    }

    private static TransportOptions Options(int maxFrameBytes = 16 * 1024 * 1024) =>
        new() { ClusterSecret = Secret, MaxFrameBytes = maxFrameBytes };

    private SiloTransportListener StartListener(TransportOptions options)
    {
        var listener = new SiloTransportListener(new IPEndPoint(IPAddress.Loopback, 0), options, _handler, NullLogger.Instance);
        listener.Start();
        return listener;
    }

    private static X509Certificate2 SelfSignedCertificate()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256);
        using var created = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
        return X509CertificateLoader.LoadPkcs12(created.Export(X509ContentType.Pfx), null);
    }
}
