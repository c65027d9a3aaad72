using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OrleansFlows.Silo;
using OrleansFlows.TestKit;
using OrleansFlows.TestKit.Hosting;

namespace OrleansFlows.Grains.Tests.Hosting;

/// <summary>
/// The product's silo (an Orleans silo with <c>AddOrleansFlowsSilo</c>: every domain grain, the step executor, the
/// sweepers) on a real store, configured as an operator would, with test-sized timings, its own loopback ports, and
/// loopback calls allowed for the stand-in SaaS servers.
/// </summary>
public sealed class ProductSilo : IAsyncDisposable
{
    private readonly IHost _host;

    private ProductSilo(IHost host) => _host = host;

    public IGrainFactory Grains => _host.Services.GetRequiredService<IGrainFactory>();

    public IServiceProvider Services => _host.Services;

    /// <summary>The test-sized settings every product silo of the tests starts with.</summary>
    public static IReadOnlyDictionary<string, string?> TestTimings { get; } = new Dictionary<string, string?>
    {
        ["OrleansFlows:Outbound:AllowPrivateNetworks"] = "true",
        ["OrleansFlows:Leads:ResumeMargin"] = "00:00:01",
        ["OrleansFlows:Leads:SweepInterval"] = "00:00:00.200",
        ["OrleansFlows:Steps:DrainTimeout"] = "00:00:03",
        ["OrleansFlows:Silo:MinimumReminderPeriod"] = "00:00:01",
        ["OrleansFlows:Reconciliation:ReminderRetryPeriod"] = "00:00:01",
        ["OrleansFlows:Storage:StoreStartup:MaxAttempts"] = "2",
    };

    /// <summary>
    /// Starts a product silo; <paramref name="time"/>, when given, is the clock its grains read (the store keeps its
    /// own), and <paramref name="logs"/>, when given, receives the silo's log.
    /// </summary>
    public static async Task<ProductSilo> StartAsync(
        TestStore store,
        string dataDirectory,
        IReadOnlyDictionary<string, string?>? settings = null,
        TimeProvider? time = null,
        ILoggerProvider? logs = null)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        if (logs is not null)
        {
            builder.Logging.AddProvider(logs);
        }

        if (Environment.GetEnvironmentVariable("ORLEANSFLOWS_TEST_LOG") == "1")
        {
            // For a failing test: the silo's log on the console (dotnet test --logger "console;verbosity=detailed").
            builder.Logging.AddConsole().SetMinimumLevel(LogLevel.Information);
        }

        var configuration = new Dictionary<string, string?>(store.StorageSettings)
        {
            ["OrleansFlows:DataDirectory"] = dataDirectory,
            ["OrleansFlows:Cluster:SiloAddress"] = $"127.0.0.1:{LoopbackPorts.Free()}",
            ["OrleansFlows:Cluster:GatewayPort"] = LoopbackPorts.Free().ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["OrleansFlows:Cluster:ClusterId"] = "test-" + Guid.NewGuid().ToString("N")[..8],
        };
        foreach (var (key, value) in TestTimings)
        {
            configuration[key] = value;
        }

        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            configuration[key] = value;
        }

        builder.Configuration.AddInMemoryCollection(configuration);
        if (time is not null)
        {
            builder.Services.AddSingleton(time);
        }

        builder.UseOrleans(silo => silo.AddOrleansFlowsSilo(builder.Configuration));
        var host = builder.Build();
        try
        {
            await host.StartAsync();
        }
        catch
        {
            host.Dispose();
            throw;
        }

        return new ProductSilo(host);
    }

    /// <summary>
    /// Stops the silo the way a crash does, as far as one process allows: nothing is stopped gracefully, no activation
    /// is handed off; the services are disposed under whatever is in flight.
    /// </summary>
    public void Kill() => _host.Dispose();

    public async ValueTask DisposeAsync()
    {
        try
        {
            await _host.StopAsync(TimeSpan.FromSeconds(30));
        }
        finally
        {
            _host.Dispose();
        }
    }
}
