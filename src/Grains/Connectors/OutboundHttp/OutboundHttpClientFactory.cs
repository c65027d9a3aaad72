using System.Buffers;
using System.Net;
using System.Net.Sockets;
using System.Runtime.ExceptionServices;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace OrleansFlows.Grains.Connectors.OutboundHttp;

/// <summary>
/// Owns the one <see cref="HttpClient"/> that workflows call external APIs with, and reads responses under a size cap.
/// Register it as a singleton; it is thread-safe.
/// </summary>
/// <remarks>
/// <para>
/// The handler resolves each host itself and connects only to addresses that <see cref="OutboundAddressPolicy"/>
/// allows, unless <see cref="OutboundHttpOptions.AllowPrivateNetworks"/>. Checking the resolved address at connect
/// time, not only when a connection is saved, closes the gap a DNS answer that changes in between (DNS rebinding)
/// would open. For the same reason no proxy is used (a proxy would be the address checked) and redirects are
/// returned, never followed (a redirect could point anywhere).
/// </para>
/// <para>
/// <see cref="HttpClient.Timeout"/> is infinite: each call is bounded by the caller's cancellation token, which
/// carries the step's own timeout. Connections are recycled every 2 minutes so that DNS changes are seen.
/// </para>
/// <para>
/// Servers close connections: after each answer (HTTP/1.0, <c>Connection: close</c>, or without notice) or when
/// idle. A connection idle for <see cref="OutboundHttpOptions.PooledConnectionIdleTimeout"/> is dropped before a
/// typical server's keep-alive timeout; one answered in HTTP/1.0 without keep-alive is not reused; and a request that
/// fails on a reused connection the server had already closed, before any byte of an answer, is sent again at once
/// on another connection (see <see cref="OutboundExchange"/>), so the step's attempt is not spent on it.
/// </para>
/// </remarks>
public sealed partial class OutboundHttpClientFactory : IDisposable
{
    /// <summary>How long a pooled connection is reused before it is replaced.</summary>
    public static readonly TimeSpan PooledConnectionLifetime = TimeSpan.FromMinutes(2);

    /// <summary>How often one request is sent again at once because its pooled connection turned out closed by the server.</summary>
    internal const int MaxStaleConnectionRetries = 3;

    private const int ReadChunkSize = 16 * 1024;
    private const string UserAgent = "OrleansFlows";

    private readonly OutboundHttpOptions _options;
    private readonly ILogger _logger;

    /// <summary>Creates the client from validated <paramref name="options"/>.</summary>
    /// <exception cref="OptionsValidationException">The options are invalid.</exception>
    public OutboundHttpClientFactory(IOptions<OutboundHttpOptions> options, ILogger<OutboundHttpClientFactory> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(logger);
        _options = options.Value;
        var validation = new OutboundHttpOptionsValidator().Validate(Options.DefaultName, _options);
        if (validation.Failed)
        {
            throw new OptionsValidationException(Options.DefaultName, typeof(OutboundHttpOptions), validation.Failures);
        }

        _logger = logger;
        Client = new HttpClient(CreateHandler(), disposeHandler: true) { Timeout = Timeout.InfiniteTimeSpan };
        Client.DefaultRequestHeaders.UserAgent.ParseAdd(UserAgent);
    }

    /// <summary>The shared client. Prefer <see cref="SendAsync"/>, which also caps the response size.</summary>
    public HttpClient Client { get; }

    /// <summary>Sends <paramref name="request"/> and reads the whole response body, refusing one over <see cref="OutboundHttpOptions.MaxResponseBytes"/>.</summary>
    /// <returns>The response, whatever its status; a redirect comes back as itself.</returns>
    /// <exception cref="OutboundAddressForbiddenException">The host resolves only to forbidden addresses.</exception>
    /// <exception cref="OutboundResponseTooLargeException">The body is larger than the cap; no more than the cap was read into memory.</exception>
    /// <exception cref="OutboundRequestFailedException">The connection or the exchange failed; the message says how (refused, closed, TLS, DNS, connect timeout).</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled, for example by the step's timeout.</exception>
    public async Task<OutboundResponse> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var url = request.RequestUri ?? throw new ArgumentException("The request has no URL.", nameof(request));
        var current = request;
        try
        {
            for (var staleRetries = 0; ; staleRetries++)
            {
                var exchange = new OutboundExchange();
                try
                {
                    return await ExchangeAsync(current, exchange, cancellationToken).ConfigureAwait(false);
                }
                catch (HttpRequestException ex) when (staleRetries < MaxStaleConnectionRetries
                    && !cancellationToken.IsCancellationRequested
                    && FindForbidden(ex) is null
                    && exchange.FailedOnStaleConnection(OutboundFailures.Describe(url, ex).Failure))
                {
                    // Sent again at once, as the same attempt. This is safe: the connection had already served a
                    // request and not one byte of an answer arrived, so the usual cause is a server that closed it
                    // while idle, before reading this request. Should a server have read it before closing, the copy
                    // carries the same Idempotency-Key, by which the receiver drops the duplicate exactly as it would
                    // for the step's own next attempt. A failure on a new connection is not retried here: there the
                    // close is the server's answer, and the attempt fails.
                    LogStaleConnectionRetried(_logger, url.IdnHost, exchange.Connection!.IsRetired ? "retired after an HTTP/1.0 answer" : "closed by the server");
                    var next = await CopyAsync(current, cancellationToken).ConfigureAwait(false);
                    if (current != request)
                    {
                        current.Dispose();
                    }

                    current = next;
                }
            }
        }
        catch (HttpRequestException ex) when (FindForbidden(ex) is { } forbidden)
        {
            // The handler wraps what the connect callback throws; callers get the typed refusal itself.
            ExceptionDispatchInfo.Throw(forbidden);
            throw;
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException && ex is not OutboundResponseTooLargeException)
        {
            throw OutboundFailures.Describe(url, ex);
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            // The client has no timeout of its own (it is infinite), so a cancellation the caller did not ask for is the handler's ConnectTimeout.
            throw OutboundFailures.ConnectTimedOut(url, _options.ConnectTimeout, ex);
        }
        finally
        {
            if (current != request)
            {
                current.Dispose();
            }
        }
    }

    /// <inheritdoc />
    public void Dispose() => Client.Dispose();

    internal SocketsHttpHandler CreateHandler() => new()
    {
        AllowAutoRedirect = false,
        UseProxy = false,
        UseCookies = false,
        AutomaticDecompression = DecompressionMethods.None,
        ConnectTimeout = _options.ConnectTimeout,
        PooledConnectionLifetime = PooledConnectionLifetime,
        PooledConnectionIdleTimeout = _options.PooledConnectionIdleTimeout,
        MaxResponseDrainSize = ReadChunkSize,
        ConnectCallback = ConnectAsync,
    };

    private async Task<OutboundResponse> ExchangeAsync(HttpRequestMessage request, OutboundExchange exchange, CancellationToken cancellationToken)
    {
        // The handler writes the request on this async flow, so the connection's stream records itself on the exchange.
        OutboundExchange.Current = exchange;
        using var response = await Client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        exchange.HeadersReceived = true;
        OutboundExchange.Current = null;

        // HTTP/1.0 closes the connection after the answer unless both sides say keep-alive, and this client never
        // says it; the handler would reuse the connection anyway, and the next request would meet a closed socket.
        var closesAfterAnswer = response.Version == HttpVersion.Version10
            && !response.Headers.Connection.Contains("keep-alive", StringComparer.OrdinalIgnoreCase);
        if (closesAfterAnswer)
        {
            exchange.Connection?.Retire();
        }

        try
        {
            var host = request.RequestUri?.IdnHost ?? string.Empty;
            var limit = _options.MaxResponseBytes;
            var declared = response.Content.Headers.ContentLength;
            if (declared > limit)
            {
                throw new OutboundResponseTooLargeException(host, limit, declared);
            }

            var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            await using (stream.ConfigureAwait(false))
            {
                var body = await ReadCappedAsync(stream, host, limit, declared, cancellationToken).ConfigureAwait(false);
                return new OutboundResponse((int)response.StatusCode, CollectHeaders(response), body);
            }
        }
        finally
        {
            if (closesAfterAnswer)
            {
                exchange.Connection?.ShutDown();
            }
        }
    }

    /// <summary>A copy of a request that was sent, to send it again: same method, URL, headers and body.</summary>
    private static async Task<HttpRequestMessage> CopyAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var copy = new HttpRequestMessage(request.Method, request.RequestUri) { Version = request.Version, VersionPolicy = request.VersionPolicy };
        foreach (var (name, values) in request.Headers.NonValidated)
        {
            copy.Headers.TryAddWithoutValidation(name, values);
        }

        if (request.Content is { } content)
        {
            // Request bodies here are buffered (JSON text), so they can be read again after being sent.
            copy.Content = new ByteArrayContent(await content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false));
            foreach (var (name, values) in content.Headers.NonValidated)
            {
                if (!name.Equals("Content-Length", StringComparison.OrdinalIgnoreCase))
                {
                    copy.Content.Headers.TryAddWithoutValidation(name, values);
                }
            }
        }

        return copy;
    }

    private async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var host = context.DnsEndPoint.Host;
        var addresses = IPAddress.TryParse(host.Trim('[', ']'), out var literal)
            ? [literal]
            : await Dns.GetHostAddressesAsync(host, cancellationToken).ConfigureAwait(false);
        var allowed = _options.AllowPrivateNetworks ? addresses : Array.FindAll(addresses, a => !OutboundAddressPolicy.IsForbidden(a));
        if (allowed.Length == 0)
        {
            if (addresses.Length == 0)
            {
                throw new SocketException((int)SocketError.HostNotFound);
            }

            var range = OutboundAddressPolicy.GetForbiddenRange(addresses[0])!;
            // The operator's log names the address; the exception's message, which the tenant reads, does not.
            LogForbiddenAddress(_logger, host, addresses[0], range);
            throw new OutboundAddressForbiddenException(host, addresses[0], range);
        }

        SocketException? lastFailure = null;
        foreach (var address in allowed)
        {
            var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            var connected = false;
            try
            {
                await socket.ConnectAsync(new IPEndPoint(address, context.DnsEndPoint.Port), cancellationToken).ConfigureAwait(false);
                connected = true;
                return new PooledConnectionStream(new NetworkStream(socket, ownsSocket: true));
            }
            catch (SocketException ex)
            {
                // Try the host's next address, as a browser would.
                lastFailure = ex;
            }
            finally
            {
                if (!connected)
                {
                    socket.Dispose();
                }
            }
        }

        throw lastFailure!;
    }

    private static async Task<byte[]> ReadCappedAsync(Stream stream, string host, long limit, long? declared, CancellationToken cancellationToken)
    {
        var body = new byte[(int)Math.Min(declared ?? ReadChunkSize, limit)];
        var chunk = ArrayPool<byte>.Shared.Rent(ReadChunkSize);
        var length = 0;
        try
        {
            int read;
            while ((read = await stream.ReadAsync(chunk.AsMemory(0, ReadChunkSize), cancellationToken).ConfigureAwait(false)) > 0)
            {
                if (length + (long)read > limit)
                {
                    throw new OutboundResponseTooLargeException(host, limit, contentLength: null);
                }

                if (length + read > body.Length)
                {
                    Array.Resize(ref body, (int)Math.Min(Math.Max(body.Length * 2L, length + read), limit));
                }

                chunk.AsSpan(0, read).CopyTo(body.AsSpan(length));
                length += read;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }

        return length == body.Length ? body : body[..length];
    }

    private static Dictionary<string, string> CollectHeaders(HttpResponseMessage response)
    {
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, values) in response.Headers.NonValidated)
        {
            headers[name] = values.ToString();
        }

        foreach (var (name, values) in response.Content.Headers.NonValidated)
        {
            headers[name] = values.ToString();
        }

        return headers;
    }

    private static OutboundAddressForbiddenException? FindForbidden(Exception exception)
    {
        for (var current = exception; current is not null; current = current.InnerException)
        {
            if (current is OutboundAddressForbiddenException forbidden)
            {
                return forbidden;
            }
        }

        return null;
    }

    [LoggerMessage(EventId = OutboundHttpEventIds.StaleConnectionRetried, Level = LogLevel.Debug, Message = "A pooled connection to {Host} was {Reason} before any answer; the request is sent again at once on another connection, as the same attempt")]
    private static partial void LogStaleConnectionRetried(ILogger logger, string host, string reason);

    [LoggerMessage(EventId = OutboundHttpEventIds.ForbiddenAddress, Level = LogLevel.Warning, Message = "Outbound connection to {Host} refused: it resolves to {Address}, a {Range} address")]
    private static partial void LogForbiddenAddress(ILogger logger, string host, IPAddress address, string range);
}
