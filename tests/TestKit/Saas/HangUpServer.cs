using System.Net.Sockets;

namespace OrleansFlows.TestKit.Saas;

/// <summary>
/// A TCP server on 127.0.0.1 and a free port that stands in for a third party that drops calls: it accepts each
/// connection, reads the request's head, and closes the connection without answering.
/// </summary>
public sealed class HangUpServer : IAsyncDisposable
{
    private readonly LoopbackTcpAcceptor _acceptor;
    private int _connections;

    private HangUpServer()
    {
        _acceptor = new LoopbackTcpAcceptor(HangUpAsync);
    }

    /// <summary>The server's root, such as <c>http://127.0.0.1:41234/</c>.</summary>
    public Uri BaseAddress => _acceptor.BaseAddress;

    /// <summary>How many connections it has accepted and closed.</summary>
    public int Connections => Volatile.Read(ref _connections);

    /// <summary>Starts a server.</summary>
    public static HangUpServer Start() => new();

    /// <summary>Stops accepting and waits for the accept loop to end.</summary>
    public ValueTask DisposeAsync() => _acceptor.DisposeAsync();

    private async Task HangUpAsync(TcpClient client)
    {
        using (client)
        {
            var stream = client.GetStream();
            var buffer = new byte[16 * 1024];
            var head = new List<byte>();
            try
            {
                // Read up to the end of the request head, so that the close is a clean end of stream, not a reset.
                while (!EndsHead(head))
                {
                    var read = await stream.ReadAsync(buffer, _acceptor.Stopping).ConfigureAwait(false);
                    if (read == 0)
                    {
                        break;
                    }

                    head.AddRange(buffer.AsSpan(0, read));
                }
            }
            catch (Exception exception) when (exception is OperationCanceledException or IOException)
            {
                // Stopping, or the client gave up first.
            }

            Interlocked.Increment(ref _connections);
            try
            {
                client.Client.Shutdown(SocketShutdown.Both);
            }
            catch (SocketException)
            {
                // The client closed first; the connection is gone either way.
            }
        }
    }

    private static bool EndsHead(List<byte> head)
    {
        for (var i = 3; i < head.Count; i++)
        {
            if (head[i - 3] == '\r' && head[i - 2] == '\n' && head[i - 1] == '\r' && head[i] == '\n')
            {
                return true;
            }
        }

        return false;
    }
}
