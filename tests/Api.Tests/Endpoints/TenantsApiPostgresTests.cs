using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using OrleansFlows.Api.Tests.Hosting;
using OrleansFlows.TestKit.Postgres;

namespace OrleansFlows.Api.Tests.Endpoints;

[Collection(PostgresCollection.Name)]
[Trait("Category", "Postgres")]
public sealed class TenantsApiPostgresTests(PostgresServer server) : IDisposable
{
    private readonly TempFolder _data = new();

    [Fact]
    public async Task Put_ThenRestartHost_ProfileSurvivesInPostgres()
    {
        var connectionString = await server.CreateDatabaseAsync("api_tenants");
        try
        {
            await using (var host = ApiHost.Postgres(_data.Path, connectionString))
            {
                using var client = host.CreateOperatorClient();
                var put = await client.PutAsJsonAsync("/v1/tenants/acme", new { name = "Acme", timeZone = "Australia/Sydney" });
                Assert.Equal(HttpStatusCode.OK, put.StatusCode);
                Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/ready")).StatusCode);
            }

            await using (var host = ApiHost.Postgres(_data.Path, connectionString))
            {
                using var client = host.CreateOperatorClient();
                var tenant = await client.GetFromJsonAsync<JsonElement>("/v1/tenants/acme");
                Assert.Equal("Australia/Sydney", tenant.GetProperty("timeZone").GetString());
            }
        }
        finally
        {
            await server.DropDatabaseAsync(connectionString);
        }
    }

    [Fact]
    public async Task OperatorEndpoints_PostgresWithoutConfiguredKey_AreOffAndNoKeyIsGenerated()
    {
        var connectionString = await server.CreateDatabaseAsync("api_nokey");
        try
        {
            await using var host = ApiHost.Postgres(_data.Path, connectionString, withOperatorKey: false);
            using var client = host.CreateClient();
            client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", "anything");

            var response = await client.PostAsJsonAsync("/v1/tenants", new { id = "acme", name = "Acme", timeZone = "UTC" });

            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            Assert.False(File.Exists(Path.Combine(_data.Path, "operator-key.sha256")));
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/ready")).StatusCode);
        }
        finally
        {
            await server.DropDatabaseAsync(connectionString);
        }
    }

    public void Dispose() => _data.Dispose();
}
