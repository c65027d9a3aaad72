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
/// <remarks>
/// Deadlines are checked by one timer per connection every <see cref="DeadlineCheckPeriod"/>, not by a timer per
/// request: arming and disposing one per call contended on the runtime's timer queue.
/// </remarks>
public sealed class SiloConnection : IAsyncDisposable
{
    /// <summary>How often expired requests are failed; a request times out up to this much after its deadline.</summary>
    public static readonly TimeSpan DeadlineCheckPeriod = TimeSpan.FromMilliseconds(100);

    private readonly FrameConnection _frames;
    private readonly ConcurrentDictionary<long, PendingRequest> _pending = new();
    private readonly Timer _deadlines;
    private long _nextId;

    private SiloConnection(string address, FrameConnection frames)
    {
        Address = address;
        _frames = frames;
        _frames.Start(OnFrame);
        _deadlines = new Timer(_ => FailExpired(), null, DeadlineCheckPeriod, DeadlineCheckPeriod);
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

    /// <summary>Sends a request and waits for its answer, at most <paramref name="timeout"/> (default: no limit).</summary>
    /// <exception cref="RemoteCallException">The remote handler failed.</exception>
    /// <exception cref="SiloConnectionException">The connection broke before the answer came.</exception>
    /// <exception cref="TimeoutException">No answer came within <paramref name="timeout"/>; the request may still run there.</exception>
    public Task<ReadOnlyMemory<byte>> SendAsync(ReadOnlyMemory<byte> request, TimeSpan? timeout = null)
    {
        var id = Interlocked.Increment(ref _nextId);
        var deadline = timeout is { } limit ? Environment.TickCount64 + (long)limit.TotalMilliseconds : long.MaxValue;
        var answer = new PendingRequest(deadline, timeout);
        _pending[id] = answer;
        if (!_frames.TrySend(new Frame(FrameKind.Request, id, request)))
        {
            _pending.TryRemove(id, out _);
            return Task.FromException<ReadOnlyMemory<byte>>(new SiloConnectionException(
                $"The connection to silo {Address} is closed; the request was not sent.", _frames.Closed.IsCompleted ? _frames.Closed.Result : null));
        }

        if (_frames.Closed.IsCompleted)
        {
            FailPending(_frames.Closed.Result);
        }

        return answer.Task;
    }

    public async ValueTask DisposeAsync()
    {
        await _deadlines.DisposeAsync().ConfigureAwait(false);
        await _frames.DisposeAsync().ConfigureAwait(false);
    }

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

    private void FailExpired()
    {
        var now = Environment.TickCount64;
        foreach (var (id, request) in _pending)
        {
            if (request.Deadline <= now && _pending.TryRemove(id, out _))
            {
                request.TrySetException(new TimeoutException($"Silo {Address} did not answer within {request.Timeout:c}; the request may still run there."));
            }
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

    private sealed class PendingRequest(long deadline, TimeSpan? timeout)
        : TaskCompletionSource<ReadOnlyMemory<byte>>(TaskCreationOptions.RunContinuationsAsynchronously)
    {
        public long Deadline { get; } = deadline;

        public TimeSpan? Timeout { get; } = timeout;
    }

    private SiloConnectionException Broken(Exception? error) =>
        new(error is null
            ? $"The connection to silo {Address} was closed; the request may or may not have run there."
            : $"The connection to silo {Address} broke ({error.Message}); the request may or may not have run there.", error, mayHaveRun: true);
}
