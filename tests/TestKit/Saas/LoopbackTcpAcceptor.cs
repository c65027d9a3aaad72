using System.Net;
using System.Net.Sockets;

namespace OrleansFlows.TestKit.Saas;

/// <summary>
/// The listening half of the raw TCP stand-ins: a listener on 127.0.0.1 and a free port whose accept loop hands each
/// connection to the server's handler, and a stop that ends the loop and cancels the handlers' token.
/// </summary>
internal sealed class LoopbackTcpAcceptor : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stopping = new();
    private readonly Func<TcpClient, Task> _serve;
    private readonly Task _accepting;

    public LoopbackTcpAcceptor(Func<TcpClient, Task> serve)
    {
        _serve = serve;
        _listener.Start();
        BaseAddress = new Uri($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/");
        _accepting = AcceptAsync();
    }

    /// <summary>The server's root, such as <c>http://127.0.0.1:41234/</c>.</summary>
    public Uri BaseAddress { get; }

    /// <summary>Cancelled when the server stops.</summary>
    public CancellationToken Stopping => _stopping.Token;

    /// <summary>Stops accepting and waits for the accept loop to end.</summary>
    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        _listener.Stop();
        try
        {
            await _accepting.ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // The listener was stopped under a pending accept.
        }

        _stopping.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stopping.IsCancellationRequested)
        {
            var client = await _listener.AcceptTcpClientAsync(_stopping.Token).ConfigureAwait(false);
            _ = _serve(client);
        }
    }
}
