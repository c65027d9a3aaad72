using Microsoft.Extensions.Diagnostics.HealthChecks;
using OrleansFlows.Silo.Hosting;
using OrleansFlows.TestKit;
using OrleansFlows.TestKit.Postgres;

namespace OrleansFlows.Api.Tests.Hosting;

/// <summary>The client-mode API's checks: readiness from its gateway connections, the database on its own.</summary>
[Collection(PostgresCollection.Name)]
[Trait("Category", "Postgres")]
public sealed class ClusterHealthChecksTests(PostgresServer server)
{
    [Fact]
    public async Task ClientReadiness_FollowsTheGatewayConnectionsOrleansReports()
    {
        var gateways = new GatewayConnections();
        var check = new ClusterClientReadinessCheck(gateways);

        Assert.Equal(HealthStatus.Unhealthy, (await check.CheckHealthAsync(new HealthCheckContext())).Status);
        gateways.NotifyGatewayCountChanged(1, 0, connectionRecovered: true);
        gateways.NotifyGatewayCountChanged(2, 1, connectionRecovered: false);
        var connected = await check.CheckHealthAsync(new HealthCheckContext());
        Assert.Equal(HealthStatus.Healthy, connected.Status);
        Assert.Contains("2 gateway(s)", connected.Description, StringComparison.Ordinal);

        gateways.NotifyGatewayCountChanged(1, 2, connectionRecovered: false);
        Assert.Equal(HealthStatus.Healthy, (await check.CheckHealthAsync(new HealthCheckContext())).Status);
        gateways.NotifyClusterConnectionLost();
        Assert.Equal(HealthStatus.Unhealthy, (await check.CheckHealthAsync(new HealthCheckContext())).Status);
    }

    [Fact]
    public async Task ClusterDatabaseCheck_RealServer_Healthy_ClosedPort_UnhealthyNamingTheServer()
    {
        var connectionString = await server.CreateDatabaseAsync("health_client");
        try
        {
            Assert.Equal(HealthStatus.Healthy, (await new ClusterDatabaseHealthCheck(connectionString).CheckHealthAsync(new HealthCheckContext())).Status);

            var closedPort = LoopbackPorts.Free();
            var down = await new ClusterDatabaseHealthCheck($"Host=127.0.0.1;Port={closedPort};Username=nobody;Database=none;Timeout=2").CheckHealthAsync(new HealthCheckContext());
            Assert.Equal(HealthStatus.Unhealthy, down.Status);
            Assert.Contains($"127.0.0.1:{closedPort}/none does not answer", down.Description, StringComparison.Ordinal);
        }
        finally
        {
            await server.DropDatabaseAsync(connectionString);
        }
    }
}
