using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OrleansFlows.Api.Auth;
using OrleansFlows.Api.Tests.Hosting;

namespace OrleansFlows.Api.Tests.Throttling;

/// <summary>
/// The real API host served by Kestrel on 127.0.0.1, with small throttle limits and the throttle on a manual clock.
/// Clients connect from chosen loopback addresses (127.0.0.x), so each stands for a different client.
/// </summary>
public class ThrottledApiHost : IAsyncLifetime
{
    public const int FailuresPerAddress = 3;
    public const int FailuresPerKeyId = 5;
    public static readonly TimeSpan Lockout = TimeSpan.FromMinutes(2);

    private readonly TempFolder _data = new();
    private readonly IReadOnlyDictionary<string, string?> _extraSettings;
    private ApiHost _host = null!;
    private WebApplicationFactory<Program> _server = null!;

    public ThrottledApiHost()
        : this(new Dictionary<string, string?>())
    {
    }

    /// <summary>A host with <paramref name="extraSettings"/> on top of the small throttle limits.</summary>
    protected ThrottledApiHost(IReadOnlyDictionary<string, string?> extraSettings) => _extraSettings = extraSettings;

    internal ManualClock Clock { get; } = new(new DateTimeOffset(2026, 12, 6, 12, 0, 0, TimeSpan.Zero));

    public Uri BaseAddress { get; private set; } = null!;

    public Task InitializeAsync()
    {
        var settings = new Dictionary<string, string?>(_extraSettings)
        {
            ["OrleansFlows:AuthenticationThrottle:FailuresPerAddress"] = FailuresPerAddress.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["OrleansFlows:AuthenticationThrottle:FailuresPerKeyId"] = FailuresPerKeyId.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["OrleansFlows:AuthenticationThrottle:Window"] = "00:01:00",
            ["OrleansFlows:AuthenticationThrottle:Lockout"] = Lockout.ToString(),
        };
        _host = ApiHost.Sqlite(_data.Path, settings: settings);
        _server = _host.WithWebHostBuilder(builder => builder.ConfigureTestServices(services =>
            services.AddSingleton(sp => new AuthenticationThrottle(sp.GetRequiredService<IOptions<AuthenticationThrottleOptions>>(), Clock))));
        _server.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        _server.StartServer();
        var addresses = _server.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
        BaseAddress = new Uri(addresses.Single());
        return Task.CompletedTask;
    }

    /// <summary>A client whose connections come from <paramref name="sourceAddress"/>, sending <paramref name="bearer"/> if given.</summary>
    public HttpClient From(string sourceAddress, string? bearer = null, string? forwardedFor = null)
    {
        var source = IPAddress.Parse(sourceAddress);
        var handler = new SocketsHttpHandler
        {
            ConnectCallback = async (context, cancellationToken) =>
            {
                var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                try
                {
                    socket.Bind(new IPEndPoint(source, 0));
                    await socket.ConnectAsync(context.DnsEndPoint, cancellationToken);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        };
        var client = new HttpClient(handler) { BaseAddress = BaseAddress };
        if (bearer is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        }

        if (forwardedFor is not null)
        {
            client.DefaultRequestHeaders.Add("X-Forwarded-For", forwardedFor);
        }

        return client;
    }

    /// <summary>Creates a tenant (from 127.0.0.1, as the operator) and returns its API key.</summary>
    public async Task<TenantAccess> CreateTenantAsync(string prefix)
    {
        using var client = From("127.0.0.1", ApiHost.OperatorKey);
        var id = $"{prefix}-{Guid.NewGuid().ToString("N")[..12]}";
        var response = await client.PostAsJsonAsync("/v1/tenants", new { id, name = $"Tenant {id}", timeZone = "UTC" });
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"Creating tenant '{id}' answered {(int)response.StatusCode}: {body}");
        var key = JsonDocument.Parse(body).RootElement.GetProperty("apiKey");
        return new TenantAccess(id, key.GetProperty("id").GetString()!, key.GetProperty("key").GetString()!);
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        await _host.DisposeAsync();
        _data.Dispose();
    }
}
