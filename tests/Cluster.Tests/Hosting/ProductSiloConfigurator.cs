using System.Globalization;
using System.Net;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Orleans.TestingHost;
using OrleansFlows.Silo;

namespace OrleansFlows.Cluster.Tests.Hosting;

/// <summary>
/// Makes a <see cref="TestCluster"/> silo an OrleansFlows silo, configured through <c>AddOrleansFlowsSilo</c> from the
/// cluster's settings (<see cref="TestClusterBuilder.Properties"/>) as an operator would configure it.
/// </summary>
/// <remarks>
/// The test cluster assigns each silo its ports and puts them under <c>Orleans:Endpoints</c>; they are written into
/// <c>OrleansFlows:Cluster:SiloAddress</c> and <c>GatewayPort</c>, where the product reads them, so that the silo
/// listens and advertises where the test cluster expects it. The silo also gets a data directory of its own.
/// </remarks>
public sealed class ProductSiloConfigurator : IHostConfigurator, ISiloConfigurator
{
    public void Configure(IHostBuilder hostBuilder)
    {
        ArgumentNullException.ThrowIfNull(hostBuilder);
        hostBuilder.ConfigureAppConfiguration((context, configuration) => configuration.AddInMemoryCollection(SiloSettings(context.Configuration)));
        hostBuilder.ConfigureLogging((context, logging) => ProductCluster.ConfigureLogging(logging, context.Configuration["Orleans:Name"] ?? "silo"));
    }

    public void Configure(ISiloBuilder siloBuilder)
    {
        ArgumentNullException.ThrowIfNull(siloBuilder);
        siloBuilder.AddOrleansFlowsSilo(siloBuilder.Configuration);
    }

    private static Dictionary<string, string?> SiloSettings(IConfiguration configuration)
    {
        var endpoints = configuration.GetSection("Orleans:Endpoints");
        var address = IPAddress.Parse(endpoints["AdvertisedIPAddress"] ?? throw MissingEndpoint("AdvertisedIPAddress"));
        var siloPort = int.Parse(endpoints["SiloPort"] ?? throw MissingEndpoint("SiloPort"), CultureInfo.InvariantCulture);
        var gatewayPort = endpoints["GatewayPort"] ?? throw MissingEndpoint("GatewayPort");
        var dataDirectory = configuration["OrleansFlows:DataDirectory"] ?? throw new InvalidOperationException("The cluster's OrleansFlows:DataDirectory is not set.");
        return new Dictionary<string, string?>
        {
            ["OrleansFlows:Cluster:SiloAddress"] = new IPEndPoint(address, siloPort).ToString(),
            ["OrleansFlows:Cluster:GatewayPort"] = gatewayPort,
            ["OrleansFlows:DataDirectory"] = Path.Combine(dataDirectory, "silo-" + siloPort.ToString(CultureInfo.InvariantCulture)),
        };
    }

    private static InvalidOperationException MissingEndpoint(string key) =>
        new($"The test cluster assigned no Orleans:Endpoints:{key} to the silo.");
}
