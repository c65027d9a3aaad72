using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using OrleansFlows.Storage;
using OrleansFlows.TestKit;

namespace OrleansFlows.Api.Tests.Hosting;

/// <summary>
/// The real API host (co-hosted silo) on a real store, driven in-process over HTTP. Settings are applied as
/// configuration, exactly as an operator would set them.
/// </summary>
public sealed class ApiHost : WebApplicationFactory<Program>
{
    public const string OperatorKey = "ofop_test-operator-key-0123456789abcdefghijklmnop";

    private readonly IReadOnlyDictionary<string, string?> _settings;

    private ApiHost(IReadOnlyDictionary<string, string?> settings) => _settings = settings;

    /// <summary>The same host settings, with <paramref name="services"/> added before it starts.</summary>
    public ApiHost WithTestServices(Action<IServiceCollection> services) => new(_settings) { TestServices = services };

    /// <summary>A host on a SQLite file in <paramref name="dataDirectory"/>; <paramref name="settings"/> add to or override the defaults.</summary>
    public static ApiHost Sqlite(string dataDirectory, bool withOperatorKey = true, IReadOnlyDictionary<string, string?>? settings = null) => new(With(settings, new Dictionary<string, string?>
    {
        ["OrleansFlows:DataDirectory"] = dataDirectory,
        ["OrleansFlows:Storage:Provider"] = "Sqlite",
        ["OrleansFlows:Storage:SqlitePath"] = Path.Combine(dataDirectory, "orleansflows.db"),
        ["OrleansFlows:OperatorKey"] = withOperatorKey ? OperatorKey : null,
    }));

    /// <summary>A host on a PostgreSQL database; <paramref name="settings"/> add to or override the defaults.</summary>
    public static ApiHost Postgres(string dataDirectory, string connectionString, bool withOperatorKey = true, IReadOnlyDictionary<string, string?>? settings = null) => new(With(settings, new Dictionary<string, string?>
    {
        ["OrleansFlows:DataDirectory"] = dataDirectory,
        ["OrleansFlows:Storage:Provider"] = "Postgres",
        ["OrleansFlows:Storage:PostgresConnectionString"] = connectionString,
        ["OrleansFlows:OperatorKey"] = withOperatorKey ? OperatorKey : null,
    }));

    /// <summary>Adds services to the host (and its co-hosted silo) before it starts, such as a grain call filter.</summary>
    public Action<IServiceCollection>? TestServices { get; init; }

    /// <summary>A client that sends the operator key.</summary>
    public HttpClient CreateOperatorClient()
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", OperatorKey);
        return client;
    }

    /// <summary>A client that sends a tenant API key.</summary>
    public HttpClient CreateTenantClient(string apiKey)
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
        return client;
    }

    /// <summary>Creates a tenant through the operator API and returns its first API key.</summary>
    public async Task<TenantAccess> CreateTenantAsync(string tenantId, string timeZone = "UTC")
    {
        using var client = CreateOperatorClient();
        var response = await client.PostAsJsonAsync("/v1/tenants", new { id = tenantId, name = $"Tenant {tenantId}", timeZone });
        var body = await response.Content.ReadAsStringAsync();
        if (response.StatusCode != HttpStatusCode.Created)
        {
            throw new InvalidOperationException($"Creating tenant '{tenantId}' answered {(int)response.StatusCode}: {body}");
        }

        var key = JsonDocument.Parse(body).RootElement.GetProperty("apiKey");
        return new TenantAccess(tenantId, key.GetProperty("id").GetString()!, key.GetProperty("key").GetString()!);
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        foreach (var (key, value) in _settings)
        {
            if (value is not null)
            {
                builder.UseSetting(key, value);
            }
        }

        builder.ConfigureServices(services => services.Configure<StoreStartupOptions>(o => o.MaxAttempts = 2));
        if (TestServices is { } add)
        {
            builder.ConfigureServices(add);
        }
    }

    private static Dictionary<string, string?> With(IReadOnlyDictionary<string, string?>? extra, Dictionary<string, string?> defaults)
    {
        // Each in-process host's silo gets its own loopback ports, so hosts of tests that run in parallel never collide.
        defaults["OrleansFlows:Cluster:SiloAddress"] = $"127.0.0.1:{LoopbackPorts.Free()}";
        defaults["OrleansFlows:Cluster:GatewayPort"] = LoopbackPorts.Free().ToString(System.Globalization.CultureInfo.InvariantCulture);
        // In-process, every test client is one client without an address, and tests send invalid keys on purpose: the
        // failures of one test must not lock out the next. Tests/Throttling sets real limits on a host served by Kestrel.
        defaults["OrleansFlows:AuthenticationThrottle:FailuresPerAddress"] = "1000000";
        defaults["OrleansFlows:AuthenticationThrottle:FailuresPerKeyId"] = "1000000";
        foreach (var (key, value) in extra ?? new Dictionary<string, string?>())
        {
            defaults[key] = value;
        }

        return defaults;
    }
}
