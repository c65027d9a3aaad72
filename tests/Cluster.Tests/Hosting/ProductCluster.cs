using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using Orleans.Core.Internal;
using Orleans.Runtime.Placement;
using Orleans.TestingHost;
using OrleansFlows.TestKit.Hosting;

namespace OrleansFlows.Cluster.Tests.Hosting;

/// <summary>
/// A cluster of product silos (<c>AddOrleansFlowsSilo</c> with <c>OrleansFlows:Cluster:Enabled=true</c>: ADO.NET
/// clustering, reminders and grain storage plus the row storage on one PostgreSQL database) and one cluster client
/// (<c>AddOrleansFlowsClient</c>), hosted by Orleans' <see cref="TestCluster"/> in this process.
/// </summary>
/// <remarks>
/// The <see cref="TestCluster"/> is set up so that the silos and the client carry the product's configuration and
/// nothing of the test cluster's own: no test membership (<see cref="TestClusterOptions.UseTestClusterMembership"/>
/// off, so the product's ADO.NET clustering finds silos and gateways), TCP on 127.0.0.1 rather than the in-memory
/// transport, the real environment statistics, and none of the builder's default silo configurators (they would opt
/// the silos into the experimental distributed grain directory). <see cref="ProductSiloConfigurator"/> and
/// <see cref="ProductClientConfigurator"/> apply the product's configuration; the silo's ports are the ones the test
/// cluster assigned, written into <c>OrleansFlows:Cluster</c>. Membership, failure detection, gateway discovery and
/// reminders are the product's.
/// </remarks>
public sealed class ProductCluster : IAsyncDisposable
{
    private readonly TestCluster _cluster;
    private readonly string _dataDirectory;
    // The silo the deployment starts is instance 0.
    private int _lastInstance;

    private ProductCluster(TestCluster cluster, string dataDirectory)
    {
        _cluster = cluster;
        _dataDirectory = dataDirectory;
    }

    /// <summary>The cluster client, connected through the silos' gateways.</summary>
    public IClusterClient Client => _cluster.Client;

    /// <summary>The silos that run now, in start order.</summary>
    public IReadOnlyList<SiloHandle> Silos => _cluster.Silos.Where(s => s.IsActive).ToArray();

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
        ArgumentOutOfRangeException.ThrowIfLessThan(silos, 1);
        var id = "flows-" + Guid.NewGuid().ToString("N")[..10];
        var dataDirectory = Directory.CreateTempSubdirectory("orleansflows-cluster-").FullName;

        // One silo at deployment: the first starts alone, so that the schema bootstrap and the membership table's
        // first version are not raced; the others join after it.
        var builder = new TestClusterBuilder(initialSilosCount: 1);
        builder.Options.ClusterId = id;
        builder.Options.ServiceId = id;
        builder.Options.UseTestClusterMembership = false;
        builder.Options.ConnectionTransport = ConnectionTransportType.TcpSocket;
        builder.Options.UseRealEnvironmentStatistics = true;
        builder.Options.InitializeClientOnDeploy = false;
        builder.Options.ConfigureFileLogging = false;
        builder.Options.AssumeHomogenousSilosForTesting = false;
        builder.Options.SiloBuilderConfiguratorTypes.Clear();
        builder.AddSiloBuilderConfigurator<ProductSiloConfigurator>();
        builder.AddClientBuilderConfigurator<ProductClientConfigurator>();

        foreach (var (key, value) in store.StorageSettings)
        {
            builder.Properties[key] = value;
        }

        builder.Properties["OrleansFlows:Cluster:Enabled"] = "true";
        builder.Properties["OrleansFlows:Cluster:ClusterId"] = id;
        builder.Properties["OrleansFlows:Cluster:ServiceId"] = id;
        // One key ring for the whole cluster: a secret encrypted on one silo is read on another.
        builder.Properties["OrleansFlows:EncryptionKeys"] = "k1:" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        // The cluster's directory; each silo gets one of its own beneath it.
        builder.Properties["OrleansFlows:DataDirectory"] = dataDirectory;
        foreach (var (key, value) in TestTimings.Concat(settings ?? new Dictionary<string, string?>()))
        {
            builder.Properties[key] = value;
        }

        var cluster = new ProductCluster(builder.Build(), dataDirectory);
        try
        {
            await cluster._cluster.DeployAsync().WaitAsync(TimeSpan.FromSeconds(60));
            await Task.WhenAll(Enumerable.Range(1, silos - 1).Select(_ => cluster.AddSiloAsync()));
            await cluster._cluster.InitializeClientAsync().WaitAsync(TimeSpan.FromSeconds(30));
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }

        return cluster;
    }

    /// <summary>Starts one more silo, which joins the cluster.</summary>
    /// <remarks>
    /// Numbered by this cluster and on ports newly allocated for it: <see cref="TestCluster.StartAdditionalSiloAsync"/>
    /// numbers a new silo by the count of running ones, so after a silo went away it would repeat a running silo's
    /// name, and its default ports (the base ports plus that number) could still be that silo's.
    /// </remarks>
    public Task<SiloHandle> AddSiloAsync() =>
        TestCluster.StartSiloAsync(_cluster, Interlocked.Increment(ref _lastInstance), _cluster.Options, startSiloOnNewPort: true)
            .WaitAsync(TimeSpan.FromSeconds(60));

    /// <summary>
    /// Kills a silo as a crash would, as far as one process allows (<see cref="TestCluster.KillSiloAsync(SiloHandle)"/>): its host
    /// stops with a cancelled token, so nothing is drained or handed off, and is disposed under whatever is in flight.
    /// </summary>
    /// <remarks>
    /// Unlike a crash, the stop is not instant: until it takes hold, tens of milliseconds on a loaded machine, the silo
    /// goes on working. Orleans also still marks the silo dead in the membership table on its way down, where after a
    /// crash the survivors' probes would.
    /// </remarks>
    public async Task KillAsync(SiloHandle silo)
    {
        try
        {
            await _cluster.KillSiloAsync(silo).WaitAsync(TimeSpan.FromSeconds(30));
        }
        catch (OperationCanceledException)
        {
            // A stop under a cancelled token may end in cancellation; the test cluster has disposed the silo all the
            // same, and it no longer counts as running (see Silos).
        }
    }

    /// <summary>Stops a silo gracefully: its step executor drains, its activations deactivate, and it leaves the membership table.</summary>
    public Task StopAsync(SiloHandle silo) => _cluster.StopSiloAsync(silo).WaitAsync(TimeSpan.FromSeconds(40));

    /// <summary>Stops every silo gracefully, one after another; the client stays.</summary>
    public async Task StopAllSilosAsync()
    {
        foreach (var silo in Silos.Reverse())
        {
            await StopAsync(silo);
        }
    }

    /// <summary>The silo that holds the grain's activation now (by the grain directory), if a running silo does.</summary>
    public async Task<SiloHandle?> HostOfAsync(IAddressable grain)
    {
        var address = await Client.GetGrain<IManagementGrain>(0).GetActivationAddress(grain);
        return address is null ? null : Silos.FirstOrDefault(s => s.SiloAddress.Equals(address));
    }

    /// <summary>
    /// Moves the grain's activation to <paramref name="target"/> by Orleans' migration with a placement hint, and waits
    /// until the grain directory shows it there.
    /// </summary>
    public async Task MoveAsync(IAddressable grain, SiloHandle target)
    {
        var deadline = DateTimeOffset.UtcNow + TimeSpan.FromSeconds(20);
        while (await HostOfAsync(grain) != target)
        {
            if (DateTimeOffset.UtcNow > deadline)
            {
                throw new TimeoutException($"{grain.GetGrainId()} did not move to {target.SiloAddress} within 20 s.");
            }

            RequestContext.Set(IPlacementDirector.PlacementHintKey, target.SiloAddress);
            try
            {
                await grain.Cast<IGrainManagementExtension>().MigrateOnIdle();
            }
            finally
            {
                RequestContext.Remove(IPlacementDirector.PlacementHintKey);
            }

            await Task.Delay(200);
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            // The client first, then the silos gracefully, in start order.
            await _cluster.StopAllSilosAsync().WaitAsync(TimeSpan.FromSeconds(120));
        }
        finally
        {
            await _cluster.DisposeAsync();
            Directory.Delete(_dataDirectory, recursive: true);
        }
    }

    /// <summary>
    /// No log output, unless <c>ORLEANSFLOWS_TEST_LOG=1</c>: then the silos' and the client's logs go to the console
    /// (for a failing test: <c>dotnet test --logger "console;verbosity=detailed"</c>), each line marked with its host.
    /// </summary>
    internal static void ConfigureLogging(ILoggingBuilder logging, string name)
    {
        logging.ClearProviders();
        if (Environment.GetEnvironmentVariable("ORLEANSFLOWS_TEST_LOG") == "1")
        {
            logging.AddSimpleConsole(o => o.TimestampFormat = $"HH:mm:ss.fff '[{name}]' ").SetMinimumLevel(LogLevel.Information);
        }
    }
}
