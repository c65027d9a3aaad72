using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using OrleansFlows.Runtime.Hosting;

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

    /// <summary>A host on a SQLite file in <paramref name="dataDirectory"/>.</summary>
    public static ApiHost Sqlite(string dataDirectory, bool withOperatorKey = true) => new(new Dictionary<string, string?>
    {
        ["OrleansFlows:DataDirectory"] = dataDirectory,
        ["OrleansFlows:Storage:Provider"] = "Sqlite",
        ["OrleansFlows:Storage:SqlitePath"] = Path.Combine(dataDirectory, "orleansflows.db"),
        ["OrleansFlows:OperatorKey"] = withOperatorKey ? OperatorKey : null,
    });

    /// <summary>A host on a PostgreSQL database.</summary>
    public static ApiHost Postgres(string dataDirectory, string connectionString) => new(new Dictionary<string, string?>
    {
        ["OrleansFlows:DataDirectory"] = dataDirectory,
        ["OrleansFlows:Storage:Provider"] = "Postgres",
        ["OrleansFlows:Storage:PostgresConnectionString"] = connectionString,
        ["OrleansFlows:OperatorKey"] = OperatorKey,
    });

    /// <summary>A client that sends the operator key.</summary>
    public HttpClient CreateOperatorClient()
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", OperatorKey);
        return client;
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
    }
}
