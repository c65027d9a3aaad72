using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Orleans.TestingHost;
using OrleansFlows.Silo;

namespace OrleansFlows.Cluster.Tests.Hosting;

/// <summary>
/// Makes the <see cref="TestCluster"/> client an OrleansFlows cluster client (the API in client mode), configured through
/// <c>AddOrleansFlowsClient</c> from the cluster's settings: it finds the gateways in the PostgreSQL membership table.
/// </summary>
public sealed class ProductClientConfigurator : IHostConfigurator, IClientBuilderConfigurator
{
    public void Configure(IHostBuilder hostBuilder)
    {
        ArgumentNullException.ThrowIfNull(hostBuilder);
        hostBuilder.ConfigureLogging(logging => ProductCluster.ConfigureLogging(logging, "client"));
    }

    public void Configure(IConfiguration configuration, IClientBuilder clientBuilder)
    {
        ArgumentNullException.ThrowIfNull(clientBuilder);
        clientBuilder.AddOrleansFlowsClient(configuration);
    }
}
