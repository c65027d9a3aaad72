using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using OrleansFlows.Api.Tests.Hosting;
using OrleansFlows.Api.Tests.Support;

namespace OrleansFlows.Api.Tests.Operations;

/// <summary>
/// The Orleans Dashboard at <c>/dashboard</c>: every path of it (page, script, data) asks for the operator key, as a
/// bearer token or as the password of HTTP Basic authentication; 401s there carry the Basic challenge.
/// </summary>
public sealed class OperatorDashboardTests : IAsyncLifetime
{
    private const string Challenge = "Basic realm=\"OrleansFlows operator\"";
    private static readonly string[] Paths = ["/dashboard", "/dashboard/", "/dashboard/index.html", "/dashboard/index.min.js", "/dashboard/ClusterStats", "/dashboard/version"];
    private readonly TempFolder _data = new();
    private ApiHost _host = null!;

    public Task InitializeAsync()
    {
        _host = ApiHost.Sqlite(_data.Path);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        _data.Dispose();
    }

    [Fact]
    public async Task Dashboard_NoKey_EveryPathAnswers401WithTheBasicChallenge()
    {
        using var client = _host.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        foreach (var path in Paths)
        {
            var response = await client.GetAsync(path);
            await ProblemAssert.IsAsync(response, HttpStatusCode.Unauthorized, "unauthorized");
            Assert.Equal(Challenge, response.Headers.WwwAuthenticate.ToString());
        }
    }

    [Fact]
    public async Task Dashboard_WrongOrTenantKey_Answers401()
    {
        var tenant = await _host.CreateTenantAsync("dashboard-peeker");
        using var client = _host.CreateClient();

        foreach (var authorization in new[] { Basic("ofop_not-the-key"), Basic(tenant.ApiKey), new AuthenticationHeaderValue("Bearer", tenant.ApiKey) })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/dashboard/ClusterStats") { Headers = { Authorization = authorization } };
            var response = await client.SendAsync(request);
            await ProblemAssert.IsAsync(response, HttpStatusCode.Unauthorized, "unauthorized", "The operator key is not valid.");
            Assert.Equal(Challenge, response.Headers.WwwAuthenticate.ToString());
        }
    }

    [Fact]
    public async Task Dashboard_BearerOperatorKey_ServesThePageAndItsData()
    {
        using var client = _host.CreateOperatorClient();

        await AssertServedAsync(client);
    }

    [Fact]
    public async Task Dashboard_BasicWithOperatorKeyAsPassword_ServesThePageAndItsData()
    {
        using var client = _host.CreateClient();
        client.DefaultRequestHeaders.Authorization = Basic(ApiHost.OperatorKey);

        await AssertServedAsync(client);
    }

    [Fact]
    public async Task OperatorApi_NoKey_Answers401WithoutTheBasicChallenge()
    {
        using var client = _host.CreateClient();

        var response = await client.GetAsync("/v1/tenants");

        await ProblemAssert.IsAsync(response, HttpStatusCode.Unauthorized, "unauthorized");
        Assert.Empty(response.Headers.WwwAuthenticate);
    }

    [Fact]
    public async Task OpenApiDocument_LeavesTheDashboardOut()
    {
        using var client = _host.CreateClient();

        var document = JsonNode.Parse(await client.GetStringAsync("/openapi/v1.json"))!;

        Assert.DoesNotContain(document["paths"]!.AsObject(), p => p.Key.StartsWith("/dashboard", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Dashboard_SettingOff_IsNotServed()
    {
        await using var host = ApiHost.Sqlite(_data.Path + "-off", settings: new Dictionary<string, string?> { ["OrleansFlows:Dashboard:Enabled"] = "false" });
        using var client = host.CreateOperatorClient();

        foreach (var path in Paths)
        {
            Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(path)).StatusCode);
        }
    }

    private static async Task AssertServedAsync(HttpClient client)
    {
        var page = await client.GetAsync("/dashboard/");
        Assert.True(page.StatusCode == HttpStatusCode.OK, await page.Content.ReadAsStringAsync());
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/dashboard/index.min.js")).StatusCode);

        var stats = await client.GetAsync("/dashboard/ClusterStats");
        var body = await stats.Content.ReadAsStringAsync();
        Assert.True(stats.StatusCode == HttpStatusCode.OK, body);
        Assert.NotEqual(JsonValueKind.Undefined, JsonDocument.Parse(body).RootElement.ValueKind);
    }

    private static AuthenticationHeaderValue Basic(string password) =>
        new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("operator:" + password)));
}
