using System.Net;
using OrleansFlows.Api.Tests.Hosting;
using OrleansFlows.TestKit.Postgres;

namespace OrleansFlows.Api.Tests.Operations;

/// <summary>An API in client mode fronts the internet: the dashboard is off unless the setting turns it on.</summary>
[Collection(PostgresCollection.Name)]
[Trait("Category", "Postgres")]
public sealed class OperatorDashboardClientModeTests(PostgresServer server) : IDisposable
{
    private readonly TempFolder _data = new();

    [Fact]
    public async Task Dashboard_ClientModeByDefault_IsNotServed()
    {
        var connectionString = await server.CreateDatabaseAsync("api_dashboard_client");
        try
        {
            await using var host = ApiHost.Postgres(_data.Path, connectionString, settings: new Dictionary<string, string?> { ["OrleansFlows:Mode"] = "Client" });
            using var client = host.CreateOperatorClient();

            Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/dashboard/")).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/dashboard/ClusterStats")).StatusCode);
        }
        finally
        {
            await server.DropDatabaseAsync(connectionString);
        }
    }

    [Fact]
    public async Task Dashboard_ClientModeTurnedOn_ServesThePageBehindTheOperatorKey()
    {
        var connectionString = await server.CreateDatabaseAsync("api_dashboard_client_on");
        try
        {
            await using var host = ApiHost.Postgres(_data.Path, connectionString, settings: new Dictionary<string, string?>
            {
                ["OrleansFlows:Mode"] = "Client",
                ["OrleansFlows:Dashboard:Enabled"] = "true",
            });
            using var anonymous = host.CreateClient();
            using var client = host.CreateOperatorClient();

            Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/dashboard/")).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/dashboard/")).StatusCode);
        }
        finally
        {
            await server.DropDatabaseAsync(connectionString);
        }
    }

    public void Dispose() => _data.Dispose();
}
