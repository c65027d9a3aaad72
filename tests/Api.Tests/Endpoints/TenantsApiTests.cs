using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using OrleansFlows.Api.Tests.Hosting;

namespace OrleansFlows.Api.Tests.Endpoints;

public sealed class TenantsApiTests : IDisposable
{
    private readonly TempFolder _data = new();

    [Fact]
    public async Task PutThenGet_ValidProfile_ReturnsStoredProfile()
    {
        await using var host = ApiHost.Sqlite(_data.Path);
        using var client = host.CreateOperatorClient();

        var put = await client.PutAsJsonAsync("/v1/tenants/acme", new { name = "Acme GmbH", timeZone = "Europe/Berlin" });
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);

        var tenant = await client.GetFromJsonAsync<JsonElement>("/v1/tenants/acme");
        Assert.Equal("acme", tenant.GetProperty("id").GetString());
        Assert.Equal("Acme GmbH", tenant.GetProperty("name").GetString());
        Assert.Equal("Europe/Berlin", tenant.GetProperty("timeZone").GetString());
    }

    [Fact]
    public async Task Put_ThenRestartHost_ProfileSurvives()
    {
        await using (var host = ApiHost.Sqlite(_data.Path))
        {
            using var client = host.CreateOperatorClient();
            var put = await client.PutAsJsonAsync("/v1/tenants/bakery", new { name = "Bakery", timeZone = "America/New_York" });
            Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        }

        await using (var host = ApiHost.Sqlite(_data.Path))
        {
            using var client = host.CreateOperatorClient();
            var tenant = await client.GetFromJsonAsync<JsonElement>("/v1/tenants/bakery");
            Assert.Equal("Bakery", tenant.GetProperty("name").GetString());
        }
    }

    [Fact]
    public async Task Put_InvalidProfile_Returns400WithEveryFieldError()
    {
        await using var host = ApiHost.Sqlite(_data.Path);
        using var client = host.CreateOperatorClient();

        var response = await client.PutAsJsonAsync("/v1/tenants/acme", new { name = "", timeZone = "Mars/Olympus" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("urn:orleansflows:problem:validation", problem.GetProperty("type").GetString());
        var errors = problem.GetProperty("errors");
        Assert.Equal("'name' is required.", errors.GetProperty("name")[0].GetString());
        Assert.Contains("'Mars/Olympus' is not a known IANA time zone", errors.GetProperty("timeZone")[0].GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/v1/tenants/acme")).StatusCode);
    }

    [Fact]
    public async Task Put_InvalidTenantId_Returns400NamingTheId()
    {
        await using var host = ApiHost.Sqlite(_data.Path);
        using var client = host.CreateOperatorClient();

        var response = await client.PutAsJsonAsync("/v1/tenants/Bad%20Id", new { name = "X", timeZone = "UTC" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains("may hold only lower-case letters", problem.GetProperty("errors").GetProperty("tenantId")[0].GetString());
    }

    [Fact]
    public async Task Put_MalformedJson_Returns400ProblemAndStoresNothing()
    {
        await using var host = ApiHost.Sqlite(_data.Path);
        using var client = host.CreateOperatorClient();

        var response = await client.PutAsync("/v1/tenants/acme", new StringContent("{\"name\":", Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("urn:orleansflows:problem:malformed-json", problem.GetProperty("type").GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/v1/tenants/acme")).StatusCode);
    }

    [Fact]
    public async Task Put_WrongContentType_Returns415Problem()
    {
        await using var host = ApiHost.Sqlite(_data.Path);
        using var client = host.CreateOperatorClient();

        var response = await client.PutAsync("/v1/tenants/acme", new StringContent("name=x", Encoding.UTF8, "text/plain"));

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Get_UnknownTenant_Returns404Problem()
    {
        await using var host = ApiHost.Sqlite(_data.Path);
        using var client = host.CreateOperatorClient();

        var response = await client.GetAsync("/v1/tenants/nobody");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("Tenant 'nobody' does not exist.", problem.GetProperty("detail").GetString());
    }

    [Theory]
    [InlineData(null, "Send the operator key as 'Authorization: Bearer <key>'.")]
    [InlineData("ofop_wrong", "The operator key is not valid.")]
    public async Task Request_WithoutValidOperatorKey_Returns401(string? key, string detail)
    {
        await using var host = ApiHost.Sqlite(_data.Path);
        using var client = host.CreateClient();
        if (key is not null)
        {
            client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", key);
        }

        var response = await client.PutAsJsonAsync("/v1/tenants/acme", new { name = "Acme", timeZone = "UTC" });

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(detail, problem.GetProperty("detail").GetString());
    }

    public void Dispose() => _data.Dispose();
}
