using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OrleansFlows.Runtime.Abstractions;
using OrleansFlows.Runtime.Diagnostics;
using OrleansFlows.Silo;
using OrleansFlows.TestKit;
using OrleansFlows.TestKit.Hosting;

namespace OrleansFlows.Grains.Tests.Hosting;

/// <summary>
/// The product's silo (<c>AddOrleansFlowsSilo</c>, every domain grain and the step executor) on a real store,
/// configured as an operator would, with test-sized timings and loopback calls allowed for the stand-in SaaS servers.
/// </summary>
public sealed class ProductSilo : IAsyncDisposable
{
    private readonly IHost _host;

    private ProductSilo(IHost host)
    {
        _host = host;
        Events = new RuntimeEventCollector(host.Services.GetRequiredService<RuntimeEvents>());
    }

    public IGrainFactory Grains => _host.Services.GetRequiredService<IGrainFactory>();

    public IServiceProvider Services => _host.Services;

    public RuntimeEventCollector Events { get; }

    /// <summary>Starts a product silo; <paramref name="time"/>, when given, is the clock its grains read (the store keeps its own).</summary>
    public static async Task<ProductSilo> StartAsync(TestStore store, string dataDirectory, IReadOnlyDictionary<string, string?>? settings = null, TimeProvider? time = null)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        var configuration = new Dictionary<string, string?>(store.StorageSettings)
        {
            ["OrleansFlows:DataDirectory"] = dataDirectory,
            ["OrleansFlows:Outbound:AllowPrivateNetworks"] = "true",
            ["OrleansFlows:Leads:ResumeMargin"] = "00:00:01",
            ["OrleansFlows:Runtime:Reminders:MinimumPeriod"] = "00:00:00.100",
            ["OrleansFlows:Runtime:Reminders:PollInterval"] = "00:00:00.050",
            ["OrleansFlows:Runtime:Reminders:LeaseDuration"] = "00:00:03",
            ["OrleansFlows:Runtime:StoreStartup:MaxAttempts"] = "2",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            configuration[key] = value;
        }

        builder.Configuration.AddInMemoryCollection(configuration);
        if (time is not null)
        {
            builder.Services.AddSingleton(time);
        }

        builder.Services.AddOrleansFlowsSilo(builder.Configuration);
        var host = builder.Build();
        var silo = new ProductSilo(host);
        await host.StartAsync();
        return silo;
    }

    /// <summary>
    /// Stops the silo the way a crash does, as far as one process allows: nothing is stopped gracefully, no activation
    /// is handed off; the services are disposed under whatever is in flight (background loops see their tokens cancelled).
    /// </summary>
    public void Kill()
    {
        Events.Dispose();
        _host.Dispose();
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await _host.StopAsync(TimeSpan.FromSeconds(30));
        }
        finally
        {
            Events.Dispose();
            _host.Dispose();
        }
    }
}
