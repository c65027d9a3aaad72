using System.Net;
using System.Net.Http.Headers;
using System.Text;
using OrleansFlows.Api.Tests.Hosting;
using OrleansFlows.Api.Tests.Support;

namespace OrleansFlows.Api.Tests.Endpoints;

/// <summary>Bad input gets a clear problem document (type, title, status, detail) and changes nothing.</summary>
public sealed class MalformedRequestTests(SqliteApiHostFixture fixture) : IClassFixture<SqliteApiHostFixture>
{
    private readonly ApiHost _host = fixture.Host;

    [Theory]
    [InlineData("GET", "/v1/nothing")]
    [InlineData("GET", "/v1/leads/a/b")]
    [InlineData("GET", "/v1/workflows/x/versions/one")]
    [InlineData("POST", "/v2/tenants")]
    public async Task Request_NoEndpointMatches_Answers404ProblemWithDetail(string method, string path)
    {
        var tenant = await _host.CreateTenantAsync("m-" + Guid.NewGuid().ToString("N")[..12]);
        using var client = _host.CreateTenantClient(tenant.ApiKey);

        var response = await client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path));

        await ProblemAssert.IsAsync(response, HttpStatusCode.NotFound, "not-found", $"No endpoint matches {method} {path}; the endpoints are listed in /openapi/v1.json.");
    }

    [Fact]
    public async Task Request_MethodTheRouteDoesNotAllow_Answers405ProblemWithAllow()
    {
        var tenant = await _host.CreateTenantAsync("m-" + Guid.NewGuid().ToString("N")[..12]);
        using var client = _host.CreateTenantClient(tenant.ApiKey);

        var response = await client.DeleteAsync("/v1/workflows");

        await ProblemAssert.IsAsync(
            response,
            HttpStatusCode.MethodNotAllowed,
            "method-not-allowed",
            "DELETE is not allowed on /v1/workflows; the Allow header lists the methods that are.");
        Assert.Contains("GET", response.Content.Headers.Allow);
    }

    [Theory]
    [InlineData("PUT", "/v1/connections/crm")]
    [InlineData("PUT", "/v1/workflows/intake")]
    [InlineData("POST", "/v1/workflows/intake/leads")]
    public async Task Request_BodyNotJson_Answers415ProblemWithDetail(string method, string path)
    {
        var tenant = await _host.CreateTenantAsync("m-" + Guid.NewGuid().ToString("N")[..12]);
        using var client = _host.CreateTenantClient(tenant.ApiKey);

        var response = await client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path) { Content = new StringContent("kind=http", Encoding.UTF8, "text/plain") });

        await ProblemAssert.IsAsync(response, HttpStatusCode.UnsupportedMediaType, "unsupported-media-type", "Send the body as 'application/json'.");
    }

    [Fact]
    public async Task Request_OperatorBodyNotJson_Answers415ProblemWithDetail()
    {
        using var client = _host.CreateOperatorClient();

        var response = await client.PostAsync("/v1/tenants", new StringContent("<tenant/>", Encoding.UTF8, "application/xml"));

        await ProblemAssert.IsAsync(response, HttpStatusCode.UnsupportedMediaType, "unsupported-media-type", "Send the body as 'application/json'.");
    }

    [Theory]
    [InlineData("[]")]
    [InlineData("[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]")]
    [InlineData("\"steps\"")]
    [InlineData("42")]
    [InlineData("null")]
    public async Task PutWorkflow_RootNotAnObject_Answers400Validation(string body)
    {
        var tenant = await _host.CreateTenantAsync("m-" + Guid.NewGuid().ToString("N")[..12]);
        using var client = _host.CreateTenantClient(tenant.ApiKey);

        var response = await client.PutAsync("/v1/workflows/intake", Json(body));

        var problem = await ProblemAssert.IsAsync(response, HttpStatusCode.BadRequest, "validation");
        Assert.Equal("A workflow definition must be a JSON object with 'input' and 'steps'.", problem.GetProperty("errors").GetProperty("$")[0].GetString());
        await ProblemAssert.IsAsync(await client.GetAsync("/v1/workflows/intake"), HttpStatusCode.NotFound, "not-found");
    }

    [Theory]
    [InlineData("""{"input":{"type":"object"},"input":{"type":"object"},"steps":[]}""", "Duplicate property 'input'")]
    [InlineData("""{"input":{"type":"object","title":"x\ud800"},"steps":[]}""", "A string at or under '$.input.title' is not valid Unicode")]
    [InlineData("""{"input":{"type":"object","title":"x\u0000"},"steps":[]}""", "A string at or under '$.input.title' holds a NUL character")]
    public async Task PutWorkflow_DefinitionTheStoreCannotKeep_Answers400MalformedJson(string body, string detail)
    {
        var tenant = await _host.CreateTenantAsync("m-" + Guid.NewGuid().ToString("N")[..12]);
        using var client = _host.CreateTenantClient(tenant.ApiKey);

        var response = await client.PutAsync("/v1/workflows/intake", Json(body));

        var problem = await ProblemAssert.IsAsync(response, HttpStatusCode.BadRequest, "malformed-json");
        Assert.StartsWith(detail, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    private static ByteArrayContent Json(string body)
    {
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes(body));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        return content;
    }
}
