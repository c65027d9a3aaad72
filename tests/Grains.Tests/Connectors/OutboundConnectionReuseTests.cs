using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using OrleansFlows.Grains.Connectors.OutboundHttp;
using OrleansFlows.TestKit.Saas;

namespace OrleansFlows.Grains.Tests.Connectors;

/// <summary>
/// Many calls in a row to real servers on 127.0.0.1 that close their connections (HTTP/1.0, <c>Connection: close</c>,
/// closes without notice, idle closes): every call gets its answer, and each reaches the server exactly once.
/// </summary>
public sealed class OutboundConnectionReuseTests : IDisposable
{
    private const int Calls = 200;
    private static readonly TimeSpan CallTimeout = TimeSpan.FromSeconds(2);

    private readonly OutboundHttpClientFactory _factory = new(
        Options.Create(new OutboundHttpOptions { AllowPrivateNetworks = true }),
        NullLogger<OutboundHttpClientFactory>.Instance);

    [Theory]
    [InlineData(ConnectionHabit.Http10HoldsSocket)]
    [InlineData(ConnectionHabit.Http10Closes)]
    [InlineData(ConnectionHabit.AnnouncedClose)]
    [InlineData(ConnectionHabit.UnannouncedClose)]
    [InlineData(ConnectionHabit.CloseCrossesNextRequest)]
    public async Task SendAsync_ManyCallsInARowToAServerThatCloses_AllAnsweredAndEachReachesItOnce(ConnectionHabit habit)
    {
        await using var server = ClosingHttpServer.Start(habit);

        var failures = new List<string>();
        for (var i = 0; i < Calls; i++)
        {
            failures.AddRange(await CallAsync(server, $"key-{i}"));
        }

        Assert.Empty(failures);
        Assert.Equal(Enumerable.Range(0, Calls).Select(i => $"key-{i}"), server.Keys);
    }

    [Fact]
    public async Task SendAsync_CallsSpacedAboutTheServersIdleTimeout_AllAnsweredAndEachReachesItOnce()
    {
        // The server closes a connection idle for 100 ms; calls 95–105 ms apart make its close meet the next call.
        var idleTimeout = TimeSpan.FromMilliseconds(100);
        await using var server = ClosingHttpServer.Start(ConnectionHabit.ClosesIdleConnections, idleTimeout);

        var failures = new List<string>();
        for (var i = 0; i < 80; i++)
        {
            failures.AddRange(await CallAsync(server, $"key-{i}"));

            // The gap is the test's subject: a real server's idle timer against real sockets.
            await Task.Delay(idleTimeout + TimeSpan.FromMilliseconds((i % 11) - 5));
        }

        Assert.Empty(failures);
        Assert.Equal(Enumerable.Range(0, 80).Select(i => $"key-{i}"), server.Keys);
    }

    [Fact]
    public async Task SendAsync_ServerReadsTheRequestAndHangsUpOnAFreshConnection_FailsWithoutSendingItAgain()
    {
        // Only a reused connection is retried at once: on a new one the server may have acted on the request.
        await using var server = HangUpServer.Start();

        var failures = await CallAsync(server.BaseAddress, "key-0");

        Assert.Equal([$"ConnectionClosed: The connection to 127.0.0.1:{server.BaseAddress.Port} was closed before a complete response arrived."], failures);
        Assert.Equal(1, server.Connections);
    }

    [Fact]
    public async Task SendAsync_ReusedConnectionClosedAfterPartOfAnAnswer_FailsWithoutSendingItAgain()
    {
        await using var server = ClosingHttpServer.Start(ConnectionHabit.PartialAnswerOnNextRequest);
        Assert.Empty(await CallAsync(server, "key-0"));

        var failures = await CallAsync(server, "key-1");

        Assert.Equal([$"ConnectionClosed: The connection to 127.0.0.1:{server.BaseAddress.Port} was closed before a complete response arrived."], failures);
        Assert.Equal(["key-0", "key-1"], server.Keys);
    }

    [Fact]
    public async Task SendAsync_ReusedConnectionClosedUnansweredAfterTheServerReadTheRequest_SendsItOnceMoreWithTheSameIdempotencyKey()
    {
        // Nothing of an answer arrived, so the client cannot tell this from an idle close; the copy carries the same
        // Idempotency-Key, which lets the server drop the duplicate.
        await using var server = ClosingHttpServer.Start(ConnectionHabit.HangsUpOnNextRequest);
        Assert.Empty(await CallAsync(server, "key-0"));

        var failures = await CallAsync(server, "key-1");

        Assert.Empty(failures);
        Assert.Equal(["key-0", "key-1", "key-1"], server.Keys);
        Assert.Equal(2, server.Connections);
    }

    public void Dispose() => _factory.Dispose();

    private Task<List<string>> CallAsync(ClosingHttpServer server, string key) => CallAsync(server.BaseAddress, key);

    private async Task<List<string>> CallAsync(Uri baseAddress, string key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(baseAddress, "enrich"))
        {
            Content = new StringContent("""{"email":"ada@example.com"}""", Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("Idempotency-Key", key);
        using var timeout = new CancellationTokenSource(CallTimeout);
        try
        {
            var response = await _factory.SendAsync(request, timeout.Token);
            return response.Status == 200 ? [] : [$"{key}: HTTP {response.Status}"];
        }
        catch (OutboundRequestFailedException failed)
        {
            return [$"{failed.Failure}: {failed.Message}"];
        }
        catch (OperationCanceledException)
        {
            return [$"{key}: no answer within {CallTimeout}"];
        }
    }
}
