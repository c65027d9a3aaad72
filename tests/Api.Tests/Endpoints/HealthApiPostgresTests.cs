using System.Net;
using OrleansFlows.Api.Tests.Hosting;
using OrleansFlows.TestKit.Postgres;

namespace OrleansFlows.Api.Tests.Endpoints;

/// <summary>
/// Readiness does not follow the database: in an outage every pod would leave its load balancer at once. The database
/// is reported on /health/db. A throwaway PostgreSQL server is stopped and started again under a running host.
/// </summary>
[Trait("Category", "Postgres")]
public sealed class HealthApiPostgresTests : IDisposable
{
    private readonly TempFolder _data = new();

    [Fact]
    public async Task DatabaseStopped_ReadyStaysHealthy_DatabaseRouteAnswers503_UntilItIsBack()
    {
        await using var server = await PostgresServer.StartThrowawayAsync();
        var connectionString = await server.CreateDatabaseAsync("api_health");
        await using var host = ApiHost.Postgres(_data.Path, connectionString);
        using var client = host.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/ready")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/db")).StatusCode);

        await server.StopAsync();
        try
        {
            var ready = await client.GetAsync("/health/ready");
            var database = await client.GetAsync("/health/db");
            var live = await client.GetAsync("/health/live");

            Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, database.StatusCode);
            Assert.Equal("Unhealthy", await database.Content.ReadAsStringAsync());
            Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        }
        finally
        {
            await server.StartAsync();
        }

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/db")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/ready")).StatusCode);
    }

    public void Dispose() => _data.Dispose();
}
