using System.Collections.Concurrent;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.Logging;

namespace OrleansFlows.Runtime.Transport;

/// <summary>
/// A silo's listener for calls from other silos and cluster clients, on its own port (never the public API's).
/// Each connection must prove the cluster secret (and speak TLS when a certificate is set) before any request is read.
/// Requests on a connection run concurrently; answers go back as they complete.
/// </summary>
public sealed partial class SiloTransportListener : IAsyncDisposable
{
    private readonly TransportOptions _options;
    private readonly ISiloRequestHandler _handler;
    private readonly ILogger _logger;
    private readonly byte[] _secret;
    private readonly TcpListener _listener;
    private readonly CancellationTokenSource _stopping = new();
    private readonly CancellationTokenSource _acceptStopping = new();
    private readonly ConcurrentDictionary<FrameConnection, byte> _connections = new();
    private Task _acceptLoop = Task.CompletedTask;
    private int _disposed;
    private int _inFlight;

    public SiloTransportListener(IPEndPoint endpoint, TransportOptions options, ISiloRequestHandler handler, ILogger logger)
    {
        TransportOptionsValidator.ThrowIfInvalid(options);
        _options = options;
        _handler = handler;
        _logger = logger;
        _secret = ClusterHandshake.SecretKey(options.ClusterSecret);
        _listener = new TcpListener(endpoint);
    }

    /// <summary>The bound endpoint (with the actual port when port 0 was asked for), once started.</summary>
    public IPEndPoint LocalEndpoint => (IPEndPoint)_listener.LocalEndpoint;

    public void Start()
    {
        _listener.Start();
        _acceptLoop = AcceptLoopAsync();
    }

    /// <summary>
    /// Stops taking connections, lets the requests already running finish (up to <paramref name="drainTimeout"/>),
    /// then closes every connection. Requests still running then are abandoned: their callers see the connection close.
    /// </summary>
    public async Task StopAsync(TimeSpan drainTimeout)
    {
        await _acceptStopping.CancelAsync().ConfigureAwait(false);
        _listener.Stop();
        await _acceptLoop.ConfigureAwait(false);
        var deadline = Environment.TickCount64 + (long)drainTimeout.TotalMilliseconds;
        while (Volatile.Read(ref _inFlight) > 0 && Environment.TickCount64 < deadline)
        {
            await Task.Delay(20).ConfigureAwait(false);
        }

        await DisposeAsync().ConfigureAwait(false);
    }

    /// <summary>Closes the listener and every connection at once, abandoning requests that are running.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        await _acceptStopping.CancelAsync().ConfigureAwait(false);
        await _stopping.CancelAsync().ConfigureAwait(false);
        _listener.Stop();
        await _acceptLoop.ConfigureAwait(false);
        await Task.WhenAll(_connections.Keys.Select(c => c.DisposeAsync().AsTask())).ConfigureAwait(false);
    }

    private async Task AcceptLoopAsync()
    {
        while (!_acceptStopping.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await _listener.AcceptSocketAsync(_acceptStopping.Token).ConfigureAwait(false);
            }
            catch (Exception) when (_acceptStopping.IsCancellationRequested)
            {
                return;
            }
            catch (SocketException exception)
            {
                LogAcceptFailed(_logger, exception.Message);
                continue;
            }

            socket.NoDelay = true;
            _ = OpenAsync(socket);
        }
    }

    private async Task OpenAsync(Socket socket)
    {
        var remote = socket.RemoteEndPoint?.ToString() ?? "unknown";
        Stream stream = new NetworkStream(socket, ownsSocket: true);
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(_stopping.Token);
            timeout.CancelAfter(_options.ConnectTimeout);
            if (_options.ServerCertificate is { } certificate)
            {
                var tls = new SslStream(stream, leaveInnerStreamOpen: false);
                stream = tls;
                await tls.AuthenticateAsServerAsync(new SslServerAuthenticationOptions { ServerCertificate = certificate }, timeout.Token).ConfigureAwait(false);
            }

            await ClusterHandshake.AcceptAsync(stream, _secret, timeout.Token).ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            LogConnectionRefused(_logger, remote, exception.Message);
            await stream.DisposeAsync().ConfigureAwait(false);
            return;
        }

        var connection = new FrameConnection(stream, _options.MaxFrameBytes);
        _connections[connection] = 0;
        connection.Start(frame => _ = AnswerAsync(connection, frame));
        var error = await connection.Closed.ConfigureAwait(false);
        if (_connections.TryRemove(connection, out _))
        {
            if (error is not null && !_stopping.IsCancellationRequested)
            {
                LogConnectionLost(_logger, remote, error.Message);
            }

            await connection.DisposeAsync().ConfigureAwait(false);
        }
    }

    private async Task AnswerAsync(FrameConnection connection, Frame frame)
    {
        if (frame.Kind != FrameKind.Request)
        {
            return;
        }

        Frame answer;
        Interlocked.Increment(ref _inFlight);
        try
        {
            var result = await _handler.HandleAsync(frame.Payload, _stopping.Token).ConfigureAwait(false);
            answer = new Frame(FrameKind.Response, frame.Id, result);
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
            return; // The caller sees the connection close: the request may or may not have run.
        }
        catch (Exception exception)
        {
            answer = new Frame(FrameKind.Fault, frame.Id, Encoding.UTF8.GetBytes($"{exception.GetType().Name}: {exception.Message}"));
        }
        finally
        {
            Interlocked.Decrement(ref _inFlight);
        }

        try
        {
            connection.TrySend(answer);
        }
        catch (ArgumentException exception)
        {
            connection.TrySend(new Frame(FrameKind.Fault, frame.Id, Encoding.UTF8.GetBytes(exception.Message)));
        }
    }

    [LoggerMessage(EventId = 1700, Level = LogLevel.Warning, Message = "Silo transport refused a connection from {Remote}: {Error}")]
    private static partial void LogConnectionRefused(ILogger logger, string remote, string error);

    [LoggerMessage(EventId = 1701, Level = LogLevel.Information, Message = "Silo transport connection from {Remote} ended: {Error}")]
    private static partial void LogConnectionLost(ILogger logger, string remote, string error);

    [LoggerMessage(EventId = 1702, Level = LogLevel.Warning, Message = "Silo transport could not accept a connection: {Error}")]
    private static partial void LogAcceptFailed(ILogger logger, string error);
}
