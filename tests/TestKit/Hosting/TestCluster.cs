using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OrleansFlows.Runtime.Abstractions;
using OrleansFlows.Runtime.Activation;
using OrleansFlows.Runtime.Cluster;
using OrleansFlows.Runtime.Diagnostics;
using OrleansFlows.Runtime.Hosting;
using OrleansFlows.Runtime.Membership;
using OrleansFlows.TestKit.TestGrains;

namespace OrleansFlows.TestKit.Hosting;

/// <summary>
/// N real silos in this process, each on its own transport port, sharing one real PostgreSQL database, plus a
/// cluster client (like Orleans' TestingHost). Silos can be added, stopped gracefully, or killed: a kill stops the
/// heartbeats, drops the transport's connections and every activation at once, with no graceful step, so the
/// survivors must detect the death as they would a crashed process.
/// </summary>
public sealed class TestCluster : IAsyncDisposable
{
    /// <summary>The cluster secret every test silo and client uses.</summary>
    public const string ClusterSecret = "test-cluster-secret-0123456789abcdef";

    /// <summary>How long a silo's heartbeat may be silent before it is declared dead (short, for tests).</summary>
    public static readonly TimeSpan DeathTimeout = TimeSpan.FromSeconds(3);

    private readonly PostgresTestStore _store;
    private readonly string _clusterId;
    private readonly Action<RuntimeBuilder>? _runtime;
    private readonly Action<IServiceCollection>? _configure;
    private readonly Action<MembershipOptions>? _membership;
    private readonly TimeSpan _deathTimeout;
    private readonly List<TestClusterSilo> _silos = [];
    private IHost? _client;

    private TestCluster(PostgresTestStore store, string clusterId, Action<RuntimeBuilder>? runtime, Action<IServiceCollection>? configure, Action<MembershipOptions>? membership)
    {
        _store = store;
        _clusterId = clusterId;
        _runtime = runtime;
        _configure = configure;
        _membership = membership;
        var options = TestTimings(new MembershipOptions());
        membership?.Invoke(options);
        _deathTimeout = options.DeathTimeout;
    }

    /// <summary>The live silos (not stopped or killed), in start order.</summary>
    public IReadOnlyList<TestClusterSilo> Silos
    {
        get
        {
            lock (_silos)
            {
                return _silos.ToArray();
            }
        }
    }

    /// <summary>Grain references through the cluster client (which holds no grains).</summary>
    public IGrainFactory Client => _client!.Services.GetRequiredService<IGrainFactory>();

    /// <summary>
    /// Starts <paramref name="silos"/> silos and a client on <paramref name="store"/> (a PostgreSQL test store), and
    /// waits until all see each other. <paramref name="membership"/> may change every silo's membership options (the
    /// test timings: death timeout <see cref="DeathTimeout"/>, heartbeats every 500 ms, refreshes every 250 ms).
    /// </summary>
    public static async Task<TestCluster> StartAsync(
        TestStore store,
        int silos,
        Action<RuntimeBuilder>? runtime = null,
        Action<IServiceCollection>? configure = null,
        Action<MembershipOptions>? membership = null)
    {
        var postgres = store as PostgresTestStore ?? throw new ArgumentException("A test cluster needs a PostgreSQL store.", nameof(store));
        var cluster = new TestCluster(postgres, $"test-{Guid.NewGuid():N}"[..20], runtime, configure, membership);
        try
        {
            for (var i = 0; i < silos; i++)
            {
                await cluster.StartSiloAsync();
            }

            await cluster.StartClientAsync();
            await cluster.WaitForViewsAsync();
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Starts one more silo (<paramref name="membership"/> may change its membership options) and, unless
    /// <paramref name="waitForViews"/> is false, waits until every silo and the client see it active.
    /// </summary>
    public async Task<TestClusterSilo> AddSiloAsync(Action<MembershipOptions>? membership = null, bool waitForViews = true)
    {
        var silo = await StartSiloAsync(membership);
        if (waitForViews)
        {
            await WaitForViewsAsync();
        }

        return silo;
    }

    /// <summary>Stops a silo gracefully: it hands its grains off, then leaves; waits until the others see it gone.</summary>
    public async Task StopSiloAsync(TestClusterSilo silo)
    {
        Forget(silo);
        await silo.StopAsync();
        await WaitForViewsAsync();
    }

    /// <summary>
    /// Kills a silo: heartbeats stop, its listener and connections close, its activations are dropped without
    /// deactivating. Returns at once; the survivors find out by the death timeout.
    /// </summary>
    public async Task KillSiloAsync(TestClusterSilo silo)
    {
        Forget(silo);
        await silo.KillAsync();
    }

    /// <summary>Waits until every live silo and the client see exactly the live silos as active.</summary>
    public async Task WaitForViewsAsync(TimeSpan? timeout = null)
    {
        var expected = Silos.Select(s => s.SiloId).Order(StringComparer.Ordinal).ToArray();
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        while (true)
        {
            var views = Silos.Select(s => s.Services.GetRequiredService<MembershipService>().Current).ToList();
            if (_client is not null)
            {
                views.Add(_client.Services.GetRequiredService<ClusterClientView>().Current);
            }

            if (views.All(v => v.ActiveMembers.Select(m => m.SiloId).Order(StringComparer.Ordinal).SequenceEqual(expected)
                && v.Members.All(m => m.Status is SiloMembershipStatus.Active or SiloMembershipStatus.Dead)))
            {
                return;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"The cluster's views did not settle on [{string.Join(", ", expected)}]: " + string.Join(" | ", views));
            }

            await Task.Delay(50);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_client is not null)
        {
            await _client.StopAsync();
            _client.Dispose();
        }

        foreach (var silo in Silos)
        {
            await silo.StopAsync();
        }
    }

    private void Forget(TestClusterSilo silo)
    {
        lock (_silos)
        {
            if (!_silos.Remove(silo))
            {
                throw new InvalidOperationException($"Silo {silo.SiloId} is not a live member of this test cluster.");
            }
        }
    }

    private async Task<TestClusterSilo> StartSiloAsync(Action<MembershipOptions>? membership = null)
    {
        var address = $"127.0.0.1:{LoopbackPorts.Free()}";
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddOrleansFlowsRuntime(b =>
        {
            _store.Configure(b);
            TestGrainRegistration.AddTestGrains(b);
            b.UseCluster(
                m =>
                {
                    TestTimings(m);
                    m.ClusterId = _clusterId;
                    m.SiloAddress = address;
                    _membership?.Invoke(m);
                    membership?.Invoke(m);
                },
                t => t.ClusterSecret = ClusterSecret);
            _runtime?.Invoke(b);
        });
        TestSilo.UseTestTimings(builder.Services);
        _configure?.Invoke(builder.Services);
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

        var silo = new TestClusterSilo(host, events, address);
        lock (_silos)
        {
            _silos.Add(silo);
        }

        return silo;
    }

    private async Task StartClientAsync()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddOrleansFlowsClusterClient(o =>
        {
            o.PostgresConnectionString = _store.ConnectionString;
            o.ClusterId = _clusterId;
            o.RefreshPeriod = TimeSpan.FromMilliseconds(250);
            o.DeathTimeout = _deathTimeout;
            o.Transport.ClusterSecret = ClusterSecret;
            o.AddGrainInterfaces(typeof(TestGrainRegistration).Assembly);
        });
        _client = builder.Build();
        await _client.StartAsync();
    }

    private static MembershipOptions TestTimings(MembershipOptions options)
    {
        options.HeartbeatPeriod = TimeSpan.FromMilliseconds(500);
        options.RefreshPeriod = TimeSpan.FromMilliseconds(250);
        options.DeathTimeout = DeathTimeout;
        return options;
    }
}

/// <summary>One silo of a <see cref="TestCluster"/>.</summary>
public sealed class TestClusterSilo
{
    private readonly IHost _host;
    private int _stopped;

    internal TestClusterSilo(IHost host, RuntimeEventCollector events, string address)
    {
        _host = host;
        Events = events;
        Address = address;
        SiloId = host.Services.GetRequiredService<SiloIdentity>().Id;
    }

    public string SiloId { get; }

    /// <summary>The silo's transport address (<c>127.0.0.1:port</c>).</summary>
    public string Address { get; }

    public IServiceProvider Services => _host.Services;

    /// <summary>Grain references made on this silo (calls for grains owned elsewhere are sent there).</summary>
    public IGrainFactory Grains => Services.GetRequiredService<IGrainFactory>();

    public RuntimeEventCollector Events { get; }

    /// <summary>How many activations this silo holds.</summary>
    public int ActivationCount => Services.GetRequiredService<Catalog>().Count;

    internal async Task StopAsync()
    {
        if (Interlocked.Exchange(ref _stopped, 1) == 1)
        {
            return;
        }

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

    internal async Task KillAsync()
    {
        if (Interlocked.Exchange(ref _stopped, 1) == 1)
        {
            return;
        }

        await Services.GetRequiredService<MembershipService>().HaltAsync();
        await Services.GetRequiredService<ClusterTransportService>().AbortAsync();
        Services.GetRequiredService<Catalog>().AbandonAll();

        // Nothing graceful is left to run: this only releases the host's loops and resources.
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
