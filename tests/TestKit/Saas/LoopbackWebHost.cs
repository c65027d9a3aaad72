using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace OrleansFlows.TestKit.Saas;

/// <summary>
/// A real Kestrel server on 127.0.0.1 and a free port that sends every request to one handler: the base of the
/// stand-in SaaS servers, and a quick way for a test to serve exactly the responses it needs.
/// </summary>
public sealed class LoopbackWebHost : IAsyncDisposable
{
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(5);

    private readonly WebApplication _app;
    private readonly CancellationTokenSource _stopping = new();
    private Uri? _baseAddress;
    private int _disposed;

    /// <summary>Creates a server; <see cref="StartAsync"/> starts it.</summary>
    /// <param name="handler">Handles every request; its token is cancelled when the server is disposed.</param>
    public LoopbackWebHost(Func<HttpContext, CancellationToken, Task> handler)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [], ContentRootPath = AppContext.BaseDirectory });

        // The test's own configuration (an appsettings.json copied next to it, ASPNETCORE_* variables) must not
        // move this server off 127.0.0.1 and its free port.
        builder.Configuration.Sources.Clear();
        builder.Configuration.AddInMemoryCollection();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        _app = builder.Build();
        _app.Run(context => handler(context, _stopping.Token));
    }

    /// <summary>The server's root, such as <c>http://127.0.0.1:41234/</c>.</summary>
    /// <exception cref="InvalidOperationException">The server has not been started.</exception>
    public Uri BaseAddress => _baseAddress ?? throw new InvalidOperationException("The server has not been started.");

    /// <summary>Creates and starts a server.</summary>
    /// <param name="handler">Handles every request; its token is cancelled when the server is disposed.</param>
    public static async Task<LoopbackWebHost> StartNewAsync(Func<HttpContext, CancellationToken, Task> handler)
    {
        var host = new LoopbackWebHost(handler);
        await host.StartAsync().ConfigureAwait(false);
        return host;
    }

    /// <summary>Starts listening; <see cref="BaseAddress"/> then holds the port chosen.</summary>
    public async Task StartAsync()
    {
        await _app.StartAsync().ConfigureAwait(false);
        _baseAddress = new Uri(_app.Urls.Single().TrimEnd('/') + "/");
    }

    /// <summary>Releases held requests, stops the server and waits for it. Safe to call more than once.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        // Release held requests first: stopping waits for requests in flight.
        await _stopping.CancelAsync().ConfigureAwait(false);
        using (var timeout = new CancellationTokenSource(StopTimeout))
        {
            await _app.StopAsync(timeout.Token).ConfigureAwait(false);
        }

        await _app.DisposeAsync().ConfigureAwait(false);
        _stopping.Dispose();
    }
}
