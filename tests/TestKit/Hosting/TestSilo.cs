using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OrleansFlows.Runtime.Abstractions;
using OrleansFlows.Runtime.Diagnostics;
using OrleansFlows.Runtime.Hosting;
using OrleansFlows.Runtime.Reminders;
using OrleansFlows.TestKit.TestGrains;

namespace OrleansFlows.TestKit.Hosting;

/// <summary>
/// A real silo host on a real store, with the test grains registered and test-sized options (sub-second reminder
/// periods and polling). Dispose it to stop gracefully; start another on the same store to test restarts.
/// </summary>
public sealed class TestSilo : IAsyncDisposable
{
    private readonly IHost _host;

    private TestSilo(IHost host, RuntimeEventCollector events)
    {
        _host = host;
        Events = events;
    }

    /// <summary>Grain references.</summary>
    public IGrainFactory Grains => Services.GetRequiredService<IGrainFactory>();

    /// <summary>Runtime events of this silo, subscribed from its start.</summary>
    public RuntimeEventCollector Events { get; }

    /// <summary>The silo's services.</summary>
    public IServiceProvider Services => _host.Services;

    /// <summary>Builds and starts a silo; <paramref name="configure"/> may change options or add services.</summary>
    public static async Task<TestSilo> StartAsync(TestStore store, Action<IServiceCollection>? configure = null, Action<RuntimeBuilder>? runtime = null)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddOrleansFlowsRuntime(b =>
        {
            store.Configure(b);
            TestGrainRegistration.AddTestGrains(b);
            runtime?.Invoke(b);
        });
        UseTestTimings(builder.Services);
        configure?.Invoke(builder.Services);
        var host = builder.Build();
        var events = new RuntimeEventCollector(host.Services.GetRequiredService<RuntimeEvents>());
        try
        {
            await host.StartAsync();
        }
        catch
        {
            events.Dispose();
            host.Dispose();
            throw;
        }

        return new TestSilo(host, events);
    }

    /// <summary>Test-sized runtime options: sub-second reminder periods and polling, short leases, two store start-up attempts.</summary>
    internal static void UseTestTimings(IServiceCollection services)
    {
        services.Configure<ReminderOptions>(o =>
        {
            o.MinimumPeriod = TimeSpan.FromMilliseconds(100);
            o.PollInterval = TimeSpan.FromMilliseconds(50);
            o.LeaseDuration = TimeSpan.FromSeconds(3);
        });
        services.Configure<StoreStartupOptions>(o =>
        {
            o.MaxAttempts = 2;
            o.InitialDelay = TimeSpan.FromMilliseconds(100);
        });
    }

    /// <summary>A grain reference.</summary>
    public TGrain Grain<TGrain>(string key)
        where TGrain : IGrain => Grains.GetGrain<TGrain>(key);

    /// <summary>Stops the host gracefully (activations deactivate after their queued turns).</summary>
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
