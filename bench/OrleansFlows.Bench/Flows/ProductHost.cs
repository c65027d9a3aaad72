using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OrleansFlows.Silo;
using OrleansFlows.TestKit;
using OrleansFlows.TestKit.Hosting;

namespace OrleansFlows.Bench.Flows;

/// <summary>
/// The product's silo (an Orleans silo with <c>AddOrleansFlowsSilo</c>: every domain grain and the step executor) on
/// a benchmark store, with the product's default options except: its own loopback ports and cluster id, loopback
/// outbound calls allowed (the stand-in SaaS servers), the data directory in a temp folder, and whatever the scenario
/// sets. No appsettings or environment variables are read. The row storage reports its commits (<see cref="Commits"/>).
/// </summary>
internal sealed class ProductHost : IAsyncDisposable
{
    private readonly IHost _host;
    private readonly string _dataDirectory;

    private ProductHost(IHost host, string dataDirectory, IReadOnlyDictionary<string, string?> configuration, LogCounter logs)
    {
        _host = host;
        _dataDirectory = dataDirectory;
        Configuration = configuration;
        Logs = logs;
    }

    public IGrainFactory Grains => _host.Services.GetRequiredService<IGrainFactory>();

    public IServiceProvider Services => _host.Services;

    /// <summary>Commits of the row storage, as they happen.</summary>
    public StateCommits Commits => _host.Services.GetRequiredService<StateCommits>();

    /// <summary>The configuration the silo was given, store settings left out (they hold a connection string).</summary>
    public IReadOnlyDictionary<string, string?> Configuration { get; }

    /// <summary>Warnings and errors the silo logged.</summary>
    public LogCounter Logs { get; }

    /// <summary>Starts a silo; <paramref name="time"/>, when given, is the clock its grains read (the store keeps its own).</summary>
    public static async Task<ProductHost> StartAsync(TestStore store, IReadOnlyDictionary<string, string?> settings, TimeProvider? time = null)
    {
        var dataDirectory = Directory.CreateTempSubdirectory("orleansflows-bench-").FullName;
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true, ContentRootPath = dataDirectory });
        var logs = new LogCounter();
        builder.Logging.ClearProviders();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Logging.AddProvider(logs);
        var configuration = new Dictionary<string, string?>
        {
            ["OrleansFlows:DataDirectory"] = dataDirectory,
            ["OrleansFlows:Outbound:AllowPrivateNetworks"] = "true",
            ["OrleansFlows:Cluster:SiloAddress"] = $"127.0.0.1:{LoopbackPorts.Free().ToString(CultureInfo.InvariantCulture)}",
            ["OrleansFlows:Cluster:GatewayPort"] = LoopbackPorts.Free().ToString(CultureInfo.InvariantCulture),
            ["OrleansFlows:Cluster:ClusterId"] = "bench-" + Guid.NewGuid().ToString("N")[..8],
        };
        foreach (var (key, value) in settings)
        {
            configuration[key] = value;
        }

        builder.Configuration.AddInMemoryCollection(store.StorageSettings);
        builder.Configuration.AddInMemoryCollection(configuration);
        if (time is not null)
        {
            builder.Services.AddSingleton(time);
        }

        builder.UseOrleans(silo =>
        {
            silo.AddOrleansFlowsSilo(builder.Configuration);
            StateCommits.Observe(silo.Services);
        });
        var host = builder.Build();
        var product = new ProductHost(host, dataDirectory, configuration, logs);
        try
        {
            await host.StartAsync();
        }
        catch
        {
            await product.DisposeAsync();
            throw;
        }

        return product;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await _host.StopAsync(TimeSpan.FromSeconds(30));
        }
        finally
        {
            _host.Dispose();
            try
            {
                Directory.Delete(_dataDirectory, recursive: true);
            }
            catch (IOException)
            {
                // Left for the OS temp cleaner.
            }
        }
    }
}
