using System.Globalization;
using System.Net.Sockets;
using System.Text;

namespace OrleansFlows.TestKit.Saas;

/// <summary>
/// A raw TCP server on 127.0.0.1 and a free port that answers every request with <c>200 {"score":1}</c> and treats
/// its connections as real servers do that close them (see <see cref="ConnectionHabit"/>). It records the
/// Idempotency-Key of every request it read, so a test can tell how often each call reached it.
/// </summary>
public sealed class ClosingHttpServer : IAsyncDisposable
{
    private const string Body = """{"score":1}""";

    private readonly ConnectionHabit _habit;
    private readonly TimeSpan _idleTimeout;
    private readonly RequestLog<string> _keys = new();
    private readonly LoopbackTcpAcceptor _acceptor;
    private int _connections;

    private ClosingHttpServer(ConnectionHabit habit, TimeSpan idleTimeout)
    {
        _habit = habit;
        _idleTimeout = idleTimeout;
        _acceptor = new LoopbackTcpAcceptor(ServeAsync);
    }

    /// <summary>The server's root, such as <c>http://127.0.0.1:41234/</c>.</summary>
    public Uri BaseAddress => _acceptor.BaseAddress;

    /// <summary>How many connections it has accepted.</summary>
    public int Connections => Volatile.Read(ref _connections);

    /// <summary>The Idempotency-Key header of every request it read and answered, in arrival order ("" when absent).</summary>
    public IReadOnlyList<string> Keys => _keys.Snapshot();

    /// <summary>Starts a server with <paramref name="habit"/>; <paramref name="idleTimeout"/> applies to <see cref="ConnectionHabit.ClosesIdleConnections"/>.</summary>
    public static ClosingHttpServer Start(ConnectionHabit habit, TimeSpan? idleTimeout = null) =>
        new(habit, idleTimeout ?? TimeSpan.FromMilliseconds(100));

    /// <summary>Stops accepting, closes every connection and waits for the accept loop to end.</summary>
    public ValueTask DisposeAsync() => _acceptor.DisposeAsync();

    private async Task ServeAsync(TcpClient client)
    {
        Interlocked.Increment(ref _connections);
        using (client)
        {
            var stream = client.GetStream();
            var pending = new List<byte>();
            var buffer = new byte[16 * 1024];
            var answered = false;
            try
            {
                while (true)
                {
                    if (_habit == ConnectionHabit.CloseCrossesNextRequest && answered)
                    {
                        // The next request's first bytes arrive on a connection this server has given up: reset it unread.
                        if (await stream.ReadAsync(buffer.AsMemory(0, 1), _acceptor.Stopping).ConfigureAwait(false) > 0)
                        {
                            client.Client.LingerState = new LingerOption(true, 0);
                        }

                        return;
                    }

                    // As keep-alive servers do, the idle timeout runs only between requests: a new connection waits for its first.
                    var key = await ReadRequestAsync(stream, pending, buffer, closeWhenIdle: answered && _habit == ConnectionHabit.ClosesIdleConnections).ConfigureAwait(false);
                    if (key is null)
                    {
                        return;
                    }

                    _keys.Add(key);
                    if (answered && _habit is ConnectionHabit.HangsUpOnNextRequest or ConnectionHabit.PartialAnswerOnNextRequest)
                    {
                        if (_habit == ConnectionHabit.PartialAnswerOnNextRequest)
                        {
                            await stream.WriteAsync(Encoding.ASCII.GetBytes("HTTP/1.1 200 OK\r\nContent-"), _acceptor.Stopping).ConfigureAwait(false);
                        }

                        client.Client.Shutdown(SocketShutdown.Both);
                        return;
                    }

                    await stream.WriteAsync(Encoding.ASCII.GetBytes(Answer()), _acceptor.Stopping).ConfigureAwait(false);
                    answered = true;
                    if (_habit == ConnectionHabit.Http10HoldsSocket)
                    {
                        // Holds the socket until the client closes it or the server stops, and reads no further request.
                        while (await stream.ReadAsync(buffer, _acceptor.Stopping).ConfigureAwait(false) > 0)
                        {
                        }

                        return;
                    }

                    if (_habit is ConnectionHabit.Http10Closes or ConnectionHabit.AnnouncedClose or ConnectionHabit.UnannouncedClose)
                    {
                        client.Client.Shutdown(SocketShutdown.Both);
                        return;
                    }
                }
            }
            catch (Exception exception) when (exception is OperationCanceledException or IOException or SocketException or ObjectDisposedException)
            {
                // Stopping, the client closed first, or the idle timeout passed: the connection ends either way.
            }
        }
    }

    /// <summary>Reads one request (head and Content-Length body); returns its Idempotency-Key, or null when the connection ended or went idle too long.</summary>
    private async Task<string?> ReadRequestAsync(NetworkStream stream, List<byte> pending, byte[] buffer, bool closeWhenIdle)
    {
        int headEnd;
        while ((headEnd = IndexOfHeadEnd(pending)) < 0)
        {
            using var idle = CancellationTokenSource.CreateLinkedTokenSource(_acceptor.Stopping);
            if (closeWhenIdle && pending.Count == 0)
            {
                idle.CancelAfter(_idleTimeout);
            }

            int read;
            try
            {
                read = await stream.ReadAsync(buffer, idle.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!_acceptor.Stopping.IsCancellationRequested)
            {
                // Idle for the server's idle timeout: it closes the connection, as keep-alive servers do.
                return null;
            }

            if (read == 0)
            {
                return null;
            }

            pending.AddRange(buffer.AsSpan(0, read));
        }

        var head = Encoding.ASCII.GetString(pending.GetRange(0, headEnd).ToArray()).Split("\r\n");
        var length = int.Parse(Header(head, "Content-Length") ?? "0", CultureInfo.InvariantCulture);
        while (pending.Count < headEnd + 4 + length)
        {
            var read = await stream.ReadAsync(buffer, _acceptor.Stopping).ConfigureAwait(false);
            if (read == 0)
            {
                return null;
            }

            pending.AddRange(buffer.AsSpan(0, read));
        }

        pending.RemoveRange(0, headEnd + 4 + length);
        return Header(head, "Idempotency-Key") ?? "";
    }

    private string Answer()
    {
        var (status, connection) = _habit switch
        {
            ConnectionHabit.Http10HoldsSocket or ConnectionHabit.Http10Closes => ("HTTP/1.0 200 OK", ""),
            ConnectionHabit.AnnouncedClose => ("HTTP/1.1 200 OK", "Connection: close\r\n"),
            _ => ("HTTP/1.1 200 OK", ""),
        };
        return $"{status}\r\nContent-Type: application/json\r\n{connection}Content-Length: {Body.Length}\r\n\r\n{Body}";
    }

    private static string? Header(string[] head, string name)
    {
        foreach (var line in head.AsSpan(1))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon > 0 && line.AsSpan(0, colon).Trim().Equals(name, StringComparison.OrdinalIgnoreCase))
            {
                return line[(colon + 1)..].Trim();
            }
        }

        return null;
    }

    private static int IndexOfHeadEnd(List<byte> bytes)
    {
        for (var i = 3; i < bytes.Count; i++)
        {
            if (bytes[i - 3] == '\r' && bytes[i - 2] == '\n' && bytes[i - 1] == '\r' && bytes[i] == '\n')
            {
                return i - 3;
            }
        }

        return -1;
    }
}
