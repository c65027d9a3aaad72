using System.Buffers;
using System.Buffers.Binary;
using System.IO.Pipelines;
using System.Threading.Channels;

namespace OrleansFlows.Runtime.Transport;

/// <summary>
/// Frames over an authenticated stream, used by both ends: one read loop hands each frame to a callback, and one
/// write loop batches every queued frame into a single write, so many requests in flight share each system call.
/// </summary>
internal sealed class FrameConnection : IAsyncDisposable
{
    private readonly Stream _stream;
    private readonly int _maxFrameBytes;
    private readonly Channel<Frame> _outgoing = Channel.CreateUnbounded<Frame>(new UnboundedChannelOptions { SingleReader = true });
    private readonly CancellationTokenSource _closing = new();
    private readonly TaskCompletionSource<Exception?> _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Task _readLoop = Task.CompletedTask;
    private Task _writeLoop = Task.CompletedTask;
    private int _disposed;

    public FrameConnection(Stream stream, int maxFrameBytes)
    {
        _stream = stream;
        _maxFrameBytes = maxFrameBytes;
    }

    /// <summary>Completes when the connection ends, with the error that ended it (null when it was disposed).</summary>
    public Task<Exception?> Closed => _closed.Task;

    public void Start(Action<Frame> onFrame)
    {
        _readLoop = ReadLoopAsync(onFrame);
        _writeLoop = WriteLoopAsync();
    }

    /// <summary>Queues a frame; false when the connection has ended.</summary>
    public bool TrySend(Frame frame)
    {
        if (frame.Payload.Length > _maxFrameBytes)
        {
            throw new ArgumentException($"A frame of {frame.Payload.Length} bytes is over the transport limit of {_maxFrameBytes} bytes.", nameof(frame));
        }

        return _outgoing.Writer.TryWrite(frame);
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        Close(null);
        await Task.WhenAll(_readLoop, _writeLoop).ConfigureAwait(false);
        await _stream.DisposeAsync().ConfigureAwait(false);
    }

    private void Close(Exception? error)
    {
        _outgoing.Writer.TryComplete();
        if (_closed.TrySetResult(error))
        {
            _closing.Cancel();
        }
    }

    private async Task ReadLoopAsync(Action<Frame> onFrame)
    {
        await Task.Yield();

        // One read takes whatever the socket holds, often many frames: a system call per frame (two, header and
        // payload) was the transport's largest cost.
        var reader = PipeReader.Create(_stream, new StreamPipeReaderOptions(bufferSize: 64 * 1024, leaveOpen: true));
        try
        {
            while (!_closing.IsCancellationRequested)
            {
                var result = await reader.ReadAsync(_closing.Token).ConfigureAwait(false);
                var buffer = result.Buffer;
                while (!_closing.IsCancellationRequested && TryReadFrame(ref buffer, out var frame))
                {
                    onFrame(frame);
                }

                // The buffer is the reader's until AdvanceTo; what it says about the rest must be read before.
                var midFrame = !buffer.IsEmpty;
                reader.AdvanceTo(buffer.Start, buffer.End);
                if (result.IsCompleted)
                {
                    throw new EndOfStreamException(midFrame ? "The remote end closed the connection in the middle of a frame." : "The remote end closed the connection.");
                }
            }
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !_closing.IsCancellationRequested)
        {
            Close(exception);
        }
        catch (OperationCanceledException)
        {
            // Closed by this end.
        }
        finally
        {
            await reader.CompleteAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Takes one whole frame off the front of <paramref name="buffer"/>; false when it holds only part of one.</summary>
    /// <exception cref="InvalidDataException">The frame is over the limit or of an unknown kind.</exception>
    private bool TryReadFrame(ref ReadOnlySequence<byte> buffer, out Frame frame)
    {
        frame = default;
        if (buffer.Length < Frame.HeaderBytes)
        {
            return false;
        }

        Span<byte> header = stackalloc byte[Frame.HeaderBytes];
        buffer.Slice(0, Frame.HeaderBytes).CopyTo(header);
        var length = BinaryPrimitives.ReadInt32BigEndian(header) - 1 - 8;
        if (length < 0 || length > _maxFrameBytes)
        {
            throw new InvalidDataException($"The remote end sent a frame of {length} bytes; the limit is {_maxFrameBytes}.");
        }

        var kind = (FrameKind)header[4];
        if (!Enum.IsDefined(kind))
        {
            throw new InvalidDataException($"The remote end sent a frame of unknown kind {header[4]}.");
        }

        if (buffer.Length < Frame.HeaderBytes + length)
        {
            return false;
        }

        var payload = buffer.Slice(Frame.HeaderBytes, length).ToArray();
        frame = new Frame(kind, BinaryPrimitives.ReadInt64BigEndian(header[5..]), payload);
        buffer = buffer.Slice(Frame.HeaderBytes + length);
        return true;
    }

    private async Task WriteLoopAsync()
    {
        var buffer = new ArrayBufferWriter<byte>(64 * 1024);
        try
        {
            while (await _outgoing.Reader.WaitToReadAsync(_closing.Token).ConfigureAwait(false))
            {
                buffer.ResetWrittenCount();
                while (buffer.WrittenCount < 1024 * 1024 && _outgoing.Reader.TryRead(out var frame))
                {
                    Encode(frame, buffer);
                }

                await _stream.WriteAsync(buffer.WrittenMemory, _closing.Token).ConfigureAwait(false);
                await _stream.FlushAsync(_closing.Token).ConfigureAwait(false);
            }
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !_closing.IsCancellationRequested)
        {
            Close(exception);
        }
        catch (OperationCanceledException)
        {
            // Closed by this end.
        }
    }

    private static void Encode(Frame frame, ArrayBufferWriter<byte> buffer)
    {
        var header = buffer.GetSpan(Frame.HeaderBytes);
        BinaryPrimitives.WriteInt32BigEndian(header, 1 + 8 + frame.Payload.Length);
        header[4] = (byte)frame.Kind;
        BinaryPrimitives.WriteInt64BigEndian(header[5..], frame.Id);
        buffer.Advance(Frame.HeaderBytes);
        buffer.Write(frame.Payload.Span);
    }
}
