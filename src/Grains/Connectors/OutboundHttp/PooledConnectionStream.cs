using System.Net.Sockets;

namespace OrleansFlows.Grains.Connectors.OutboundHttp;

/// <summary>
/// The stream of one outbound connection, as the handler pools it. It passes bytes through unchanged, and records for
/// <see cref="OutboundExchange.Current"/> whether the connection is being reused and whether any answer arrived, so a
/// request that fails on a connection the peer had already closed can be told apart from one the peer may have acted on.
/// It can also be retired: a connection whose server will not keep it (an HTTP/1.0 answer without keep-alive) is shut
/// down once its answer is read, and refuses to carry another request.
/// </summary>
internal sealed class PooledConnectionStream(NetworkStream inner) : Stream
{
    private readonly Lock _gate = new();
    private OutboundExchange? _current;
    private int _requests;
    private long _bytesReceivedForCurrent;
    private volatile bool _retired;

    /// <summary>Bytes that arrived since the current request began to be written.</summary>
    public long BytesReceivedForCurrent => Interlocked.Read(ref _bytesReceivedForCurrent);

    /// <summary>Whether the connection may carry no further request.</summary>
    public bool IsRetired => _retired;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    /// <summary>Marks the connection as carrying no further request; <see cref="ShutDown"/> then closes it.</summary>
    public void Retire() => _retired = true;

    /// <summary>
    /// Closes the socket of a retired connection once its answer has been read. The pool's check before reuse then
    /// sees the end of the stream and opens a new connection instead.
    /// </summary>
    public void ShutDown()
    {
        try
        {
            inner.Socket.Shutdown(SocketShutdown.Both);
        }
        catch (Exception exception) when (exception is SocketException or ObjectDisposedException)
        {
            // Already closed by either side.
        }
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var read = await inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        Interlocked.Add(ref _bytesReceivedForCurrent, read);
        return read;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var read = inner.Read(buffer);
        Interlocked.Add(ref _bytesReceivedForCurrent, read);
        return read;
    }

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        BeginWrite();
        return inner.WriteAsync(buffer, cancellationToken);
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        BeginWrite();
        inner.Write(buffer);
    }

    public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);

    public override void Flush() => inner.Flush();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
        }

        base.Dispose(disposing);
    }

    // The first write of a request tells which exchange now uses the connection, and whether it is the first. Later
    // writes of the same request (its body) pass straight through.
    private void BeginWrite()
    {
        if (OutboundExchange.Current is not { } exchange || exchange.Connection == this)
        {
            return;
        }

        lock (_gate)
        {
            if (_current != exchange)
            {
                _current = exchange;
                _requests++;
                Interlocked.Exchange(ref _bytesReceivedForCurrent, 0);
            }

            exchange.Connection = this;
            exchange.Reused = _requests > 1;
        }

        if (_retired)
        {
            // Nothing of this request has been sent: the server said it would not keep the connection.
            throw new IOException("The connection was retired after an answer that did not keep it alive; the request was not sent on it.");
        }
    }
}
