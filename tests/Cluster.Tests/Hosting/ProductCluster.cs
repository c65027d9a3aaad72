using System.Globalization;
using System.Security.Cryptography;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.DependencyInjection;
using OrleansFlows.Silo;
using OrleansFlows.TestKit;
using OrleansFlows.TestKit.Hosting;

namespace OrleansFlows.Cluster.Tests.Hosting;

/// <summary>
/// A cluster of product silos (<c>AddOrleansFlowsSilo</c> with <c>OrleansFlows:Cluster:Enabled=true</c>: ADO.NET
/// clustering, reminders and grain storage plus the row storage on one PostgreSQL database) and one cluster client
/// (<c>AddOrleansFlowsClient</c>), each an own host in this process, configured as an operator would.
/// </summary>
/// <remarks>
/// Orleans' <c>InProcessTestCluster</c> (10.4.2) always installs its own membership table, grain directory and client
/// gateway list, which would replace the product's ADO.NET clustering; so the silos are plain
/// <c>Host.CreateApplicationBuilder().UseOrleans(...)</c> hosts, each on its own free 127.0.0.1 silo and gateway port,
/// talking over TCP. Membership, failure detection, gateway discovery and reminders are the product's.
/// </remarks>
public sealed class ProductCluster : IAsyncDisposable
{
    private readonly Dictionary<string, string?> _settings;
    private readonly string _dataDirectory;
    private readonly List<ClusterSilo> _silos = [];
    private IHost? _client;
    private int _started;

    private ProductCluster(Dictionary<string, string?> settings, string dataDirectory)
    {
        _settings = settings;
        _dataDirectory = dataDirectory;
    }

    /// <summary>The cluster client, connected through the silos' gateways.</summary>
    public IClusterClient Client => _client?.Services.GetRequiredService<IClusterClient>() ?? throw new InvalidOperationException("The client has not started.");

    /// <summary>The silos that run now, in start order.</summary>
    public IReadOnlyList<ClusterSilo> Silos
    {
        get
        {
            lock (_silos)
            {
                return _silos.ToArray();
            }
        }
    }

    /// <summary>The test-sized settings of a cluster's silos and client.</summary>
    public static IReadOnlyDictionary<string, string?> TestTimings { get; } = new Dictionary<string, string?>
    {
        ["OrleansFlows:Outbound:AllowPrivateNetworks"] = "true",
        ["OrleansFlows:Leads:ResumeMargin"] = "00:00:01",
        ["OrleansFlows:Leads:SweepInterval"] = "00:00:00.200",
        ["OrleansFlows:Steps:DrainTimeout"] = "00:00:03",
        ["OrleansFlows:Silo:MinimumReminderPeriod"] = "00:00:01",
        ["OrleansFlows:Silo:ResponseTimeout"] = "00:00:10",
        ["OrleansFlows:Reconciliation:ReminderRetryPeriod"] = "00:00:01",
        ["OrleansFlows:Storage:StoreStartup:MaxAttempts"] = "2",
        // Silos starting and stopping on two cores stall a trivial expression past the 100 ms default, which fails its step for good.
        ["OrleansFlows:Expressions:Timeout"] = "00:00:02",
        ["OrleansFlows:Cluster:ProbeTimeout"] = "00:00:01",
        ["OrleansFlows:Cluster:MissedProbesLimit"] = "2",
        ["OrleansFlows:Cluster:TableRefreshTimeout"] = "00:00:01",
        ["OrleansFlows:Cluster:GatewayListRefreshPeriod"] = "00:00:01",
    };

    /// <summary>Starts <paramref name="silos"/> product silos on <paramref name="store"/>, then a client connected to them.</summary>
    public static async Task<ProductCluster> StartAsync(TestStore store, int silos, IReadOnlyDictionary<string, string?>? settings = null)
    {
        var id = "flows-" + Guid.NewGuid().ToString("N")[..10];
        var configuration = new Dictionary<string, string?>(store.StorageSettings)
        {
            ["OrleansFlows:Cluster:Enabled"] = "true",
            ["OrleansFlows:Cluster:ClusterId"] = id,
            ["OrleansFlows:Cluster:ServiceId"] = id,
            // One key ring for the whole cluster: a secret encrypted on one silo is read on another.
            ["OrleansFlows:EncryptionKeys"] = "k1:" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
        };
        foreach (var (key, value) in TestTimings.Concat(settings ?? new Dictionary<string, string?>()))
        {
            configuration[key] = value;
        }

        var cluster = new ProductCluster(configuration, Directory.CreateTempSubdirectory("orleansflows-cluster-").FullName);
        try
        {
            // The first silo alone, so that the schema bootstrap and the membership table's first version are not raced.
            await cluster.AddSiloAsync();
            await Task.WhenAll(Enumerable.Range(1, silos - 1).Select(_ => cluster.AddSiloAsync()));
            await cluster.StartClientAsync();
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }

        return cluster;
    }

    /// <summary>Starts one more silo, which joins the cluster.</summary>
    public async Task<ClusterSilo> AddSiloAsync()
    {
        var name = "silo" + Interlocked.Increment(ref _started).ToString(CultureInfo.InvariantCulture);
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { ApplicationName = name, DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(_settings);
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["OrleansFlows:DataDirectory"] = Path.Combine(_dataDirectory, name),
            ["OrleansFlows:Cluster:SiloAddress"] = $"127.0.0.1:{LoopbackPorts.Free().ToString(CultureInfo.InvariantCulture)}",
            ["OrleansFlows:Cluster:GatewayPort"] = LoopbackPorts.Free().ToString(CultureInfo.InvariantCulture),
        });
        ConfigureLogging(builder, name);
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(30));
        builder.UseOrleans(silo => silo.AddOrleansFlowsSilo(builder.Configuration));
        var host = builder.Build();
        try
        {
            await host.StartAsync().WaitAsync(TimeSpan.FromSeconds(60));
        }
        catch
        {
            host.Dispose();
            throw;
        }

        var silo = new ClusterSilo(name, host);
        lock (_silos)
        {
            _silos.Add(silo);
        }

        return silo;
    }

    /// <summary>
    /// Kills a silo as a crash would, as far as one process allows: its host stops with a cancelled token, so nothing
    /// is drained, handed off or announced, and is disposed under whatever is in flight.
    /// </summary>
    public async Task KillAsync(ClusterSilo silo)
    {
        Remove(silo);
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();
        try
        {
            await silo.Host.StopAsync(cancelled.Token).WaitAsync(TimeSpan.FromSeconds(30));
        }
        catch (OperationCanceledException)
        {
        }
        finally
        {
            silo.Host.Dispose();
        }
    }

    /// <summary>Stops a silo gracefully: its step executor drains, its activations deactivate, and it leaves the membership table.</summary>
    public async Task StopAsync(ClusterSilo silo)
    {
        Remove(silo);
        try
        {
            await silo.Host.StopAsync().WaitAsync(TimeSpan.FromSeconds(40));
        }
        finally
        {
            silo.Host.Dispose();
        }
    }

    /// <summary>Stops every silo gracefully, one after another; the client stays.</summary>
    public async Task StopAllSilosAsync()
    {
        foreach (var silo in Silos.Reverse())
        {
            await StopAsync(silo);
        }
    }

    /// <summary>The silo that holds the grain's activation now (by the grain directory), if a running silo does.</summary>
    public async Task<ClusterSilo?> HostOfAsync(IAddressable grain)
    {
        var address = await Client.GetGrain<IManagementGrain>(0).GetActivationAddress(grain);
        return address is null ? null : Silos.FirstOrDefault(s => s.Address.Equals(address));
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (_client is not null)
            {
                await _client.StopAsync().WaitAsync(TimeSpan.FromSeconds(30));
                _client.Dispose();
            }

            foreach (var silo in Silos.Reverse())
            {
                await StopAsync(silo);
            }
        }
        finally
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
    }

    private async Task StartClientAsync()
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { ApplicationName = "client", DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(_settings);
        ConfigureLogging(builder, "client");
        builder.UseOrleansClient(client => client.AddOrleansFlowsClient(builder.Configuration));
        var host = builder.Build();
        try
        {
            await host.StartAsync().WaitAsync(TimeSpan.FromSeconds(30));
        }
        catch
        {
            host.Dispose();
            throw;
        }

        _client = host;
    }

    private void Remove(ClusterSilo silo)
    {
        lock (_silos)
        {
            _silos.Remove(silo);
        }
    }

    private static void ConfigureLogging(IHostApplicationBuilder host, string name)
    {
        host.Logging.ClearProviders();
        if (Environment.GetEnvironmentVariable("ORLEANSFLOWS_TEST_LOG") == "1")
        {
            // For a failing test: the silos' and the client's logs on the console (dotnet test --logger "console;verbosity=detailed").
            host.Logging.AddSimpleConsole(o => o.TimestampFormat = $"HH:mm:ss.fff [{name}] ").SetMinimumLevel(LogLevel.Information);
        }
    }
}
