using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Threading.Channels;
using OrleansFlows.Runtime.Transport;

namespace OrleansFlows.Runtime.Tests.Transport;

/// <summary>The frame reader over a real loopback socket, fed raw bytes in awkward pieces.</summary>
public sealed class FrameConnectionTests : IAsyncLifetime
{
    private readonly Channel<Frame> _received = Channel.CreateUnbounded<Frame>();
    private TcpListener _listener = null!;
    private TcpClient _sender = null!;
    private Socket _accepted = null!;
    private FrameConnection _connection = null!;

    public async Task InitializeAsync()
    {
        _listener = new TcpListener(IPAddress.Loopback, 0);
        _listener.Start();
        _sender = new TcpClient { NoDelay = true };
        var accept = _listener.AcceptSocketAsync();
        await _sender.ConnectAsync(IPAddress.Loopback, ((IPEndPoint)_listener.LocalEndpoint).Port);
        _accepted = await accept;
        _connection = new FrameConnection(new NetworkStream(_accepted, ownsSocket: true), maxFrameBytes: 1024);
        _connection.Start(frame => _received.Writer.TryWrite(frame));
    }

    [Fact]
    public async Task Read_FrameSentOneByteAtATime_ArrivesWhole()
    {
        var bytes = Encode(FrameKind.Request, 7, "hello"u8.ToArray());
        foreach (var b in bytes)
        {
            await _sender.GetStream().WriteAsync(new[] { b });
            await _sender.GetStream().FlushAsync();
        }

        var frame = await _received.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal((FrameKind.Request, 7L, "hello"), (frame.Kind, frame.Id, System.Text.Encoding.UTF8.GetString(frame.Payload.Span)));
    }

    [Fact]
    public async Task Read_ManyFramesInOneWrite_ArriveInOrder()
    {
        var bytes = Enumerable.Range(1, 50).SelectMany(i => Encode(FrameKind.Response, i, new byte[i])).ToArray();
        await _sender.GetStream().WriteAsync(bytes);

        for (var i = 1; i <= 50; i++)
        {
            var frame = await _received.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10));
            Assert.Equal((i, i), ((int)frame.Id, frame.Payload.Length));
        }
    }

    [Fact]
    public async Task Read_FrameOverTheLimit_ClosesTheConnectionSayingSo()
    {
        await _sender.GetStream().WriteAsync(Encode(FrameKind.Request, 1, new byte[2048]));

        var error = await _connection.Closed.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Contains("frame of 2048 bytes; the limit is 1024", Assert.IsType<InvalidDataException>(error).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Read_PeerClosesMidFrame_ClosesTheConnectionSayingSo()
    {
        await _sender.GetStream().WriteAsync(Encode(FrameKind.Request, 1, new byte[100]).AsMemory(0, 50));
        _sender.Client.Shutdown(SocketShutdown.Send);

        var error = await _connection.Closed.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal("The remote end closed the connection in the middle of a frame.", Assert.IsType<EndOfStreamException>(error).Message);
    }

    public async Task DisposeAsync()
    {
        await _connection.DisposeAsync();
        _sender.Dispose();
        _listener.Stop();
    }

    private static byte[] Encode(FrameKind kind, long id, byte[] payload)
    {
        var bytes = new byte[Frame.HeaderBytes + payload.Length];
        BinaryPrimitives.WriteInt32BigEndian(bytes, 1 + 8 + payload.Length);
        bytes[4] = (byte)kind;
        BinaryPrimitives.WriteInt64BigEndian(bytes.AsSpan(5), id);
        payload.CopyTo(bytes, Frame.HeaderBytes);
        return bytes;
    }
}
