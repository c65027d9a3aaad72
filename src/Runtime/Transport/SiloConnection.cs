using System.Collections.Concurrent;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Text;
using OrleansFlows.Runtime.Membership;

namespace OrleansFlows.Runtime.Transport;

/// <summary>
/// An authenticated connection to another silo's listener that carries many requests at once, matched to their
/// answers by id. When it breaks, every request in flight fails with <see cref="SiloConnectionException"/>.
/// </summary>
public sealed class SiloConnection : IAsyncDisposable
{
    private readonly FrameConnection _frames;
    private readonly ConcurrentDictionary<long, TaskCompletionSource<ReadOnlyMemory<byte>>> _pending = new();
    private long _nextId;

    private SiloConnection(string address, FrameConnection frames)
    {
        Address = address;
        _frames = frames;
        _frames.Start(OnFrame);
        _ = _frames.Closed.ContinueWith(closed => FailPending(closed.Result), TaskScheduler.Default);
    }

    /// <summary>The listener's <c>host:port</c>.</summary>
    public string Address { get; }

    /// <summary>True until the connection breaks or is disposed.</summary>
    public bool IsOpen => !_frames.Closed.IsCompleted;

    /// <summary>Connects to <c>host:port</c>, speaks TLS if the options say so, and proves the cluster secret both ways.</summary>
    /// <exception cref="SiloConnectionException">The listener can't be reached or the handshake failed; the message says which.</exception>
    public static async Task<SiloConnection> ConnectAsync(string address, TransportOptions options, CancellationToken cancellationToken = default)
    {
        TransportOptionsValidator.ThrowIfInvalid(options);
        var (host, port) = SiloAddress.Parse(address);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.ConnectTimeout);
        var client = new TcpClient { NoDelay = true };
        Stream? stream = null;
        try
        {
            await client.ConnectAsync(host, port, timeout.Token).ConfigureAwait(false);
            stream = client.GetStream();
            if (options.UseTls)
            {
                var tls = new SslStream(stream, leaveInnerStreamOpen: false, options.ValidateServerCertificate);
                stream = tls;
                await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions { TargetHost = host }, timeout.Token).ConfigureAwait(false);
            }

            await ClusterHandshake.ConnectAsync(stream, ClusterHandshake.SecretKey(options.ClusterSecret), timeout.Token).ConfigureAwait(false);
            return new SiloConnection(address, new FrameConnection(stream, options.MaxFrameBytes));
        }
        catch (Exception exception)
        {
            if (stream is not null)
            {
                await stream.DisposeAsync().ConfigureAwait(false);
            }

            client.Dispose();
            throw exception switch
            {
                OperationCanceledException when !cancellationToken.IsCancellationRequested =>
                    new SiloConnectionException($"Connecting to silo {address} took longer than {options.ConnectTimeout}.", exception),
                OperationCanceledException => exception,
                AuthenticationException => new SiloConnectionException($"Silo {address} refused the connection: {exception.Message}", exception),
                _ => new SiloConnectionException($"Could not connect to silo {address}: {exception.Message}", exception),
            };
        }
    }

    /// <summary>Sends a request and waits for its answer.</summary>
    /// <exception cref="RemoteCallException">The remote handler failed.</exception>
    /// <exception cref="SiloConnectionException">The connection broke before the answer came.</exception>
    public async Task<ReadOnlyMemory<byte>> SendAsync(ReadOnlyMemory<byte> request, CancellationToken cancellationToken = default)
    {
        var id = Interlocked.Increment(ref _nextId);
        var answer = new TaskCompletionSource<ReadOnlyMemory<byte>>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending[id] = answer;
        if (!_frames.TrySend(new Frame(FrameKind.Request, id, request)))
        {
            _pending.TryRemove(id, out _);
            throw new SiloConnectionException($"The connection to silo {Address} is closed; the request was not sent.", _frames.Closed.IsCompleted ? _frames.Closed.Result : null);
        }

        if (_frames.Closed.IsCompleted)
        {
            FailPending(_frames.Closed.Result);
        }

        try
        {
            return await answer.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _pending.TryRemove(id, out _);
        }
    }

    public ValueTask DisposeAsync() => _frames.DisposeAsync();

    private void OnFrame(Frame frame)
    {
        if (!_pending.TryRemove(frame.Id, out var answer))
        {
            return; // The caller gave up waiting.
        }

        if (frame.Kind == FrameKind.Fault)
        {
            answer.TrySetException(new RemoteCallException(Encoding.UTF8.GetString(frame.Payload.Span)));
        }
        else
        {
            answer.TrySetResult(frame.Payload);
        }
    }

    private void FailPending(Exception? error)
    {
        foreach (var id in _pending.Keys)
        {
            if (_pending.TryRemove(id, out var answer))
            {
                answer.TrySetException(Broken(error));
            }
        }
    }

    private SiloConnectionException Broken(Exception? error) =>
        new(error is null
            ? $"The connection to silo {Address} was closed; the request may or may not have run there."
            : $"The connection to silo {Address} broke ({error.Message}); the request may or may not have run there.", error, mayHaveRun: true);
}
