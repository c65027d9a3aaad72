using System.Net;
using System.Net.Http.Headers;
using System.Text;
using OrleansFlows.Api.Tests.Hosting;
using OrleansFlows.Api.Tests.Support;

namespace OrleansFlows.Api.Tests.Endpoints;

/// <summary>
/// The key is checked before the body is read: a caller without one learns nothing about what it sent. (Routing still
/// answers first for a path, method or content type that no endpoint takes.)
/// </summary>
public sealed class AuthenticationOrderTests(SqliteApiHostFixture fixture) : IClassFixture<SqliteApiHostFixture>
{
    private readonly ApiHost _host = fixture.Host;

    public static TheoryData<string, string, string?, string> BadRequests() => new()
    {
        { "PUT", "/v1/workflows/intake", "{ not json", "application/json" },
        { "PUT", "/v1/workflows/intake", """{"input":{"type":7},"steps":[]}""", "application/json" },
        { "POST", "/v1/workflows/intake/leads", "[[[[", "application/json" },
        { "PUT", "/v1/connections/crm", """{"kind":42}""", "application/json" },
        { "POST", "/v1/tenants", "{ not json", "application/json" },
        { "POST", "/v1/tenants", """{"id":"","name":7}""", "application/json" },
        { "PUT", "/v1/tenants/acme/limits", "null", "application/json" },
    };

    [Theory]
    [MemberData(nameof(BadRequests))]
    public async Task BadBody_WithoutKey_Answers401(string method, string path, string? body, string contentType)
    {
        using var client = _host.CreateClient();

        var response = await client.SendAsync(Request(method, path, body, contentType));

        await ProblemAssert.IsAsync(response, HttpStatusCode.Unauthorized, "unauthorized");
    }

    [Theory]
    [MemberData(nameof(BadRequests))]
    public async Task BadBody_WithAnInvalidKey_Answers401(string method, string path, string? body, string contentType)
    {
        using var client = _host.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "ofk_nokey_" + new string('x', 43));

        var response = await client.SendAsync(Request(method, path, body, contentType));

        await ProblemAssert.IsAsync(response, HttpStatusCode.Unauthorized, "unauthorized");
    }

    private static HttpRequestMessage Request(string method, string path, string? body, string contentType) => new(new HttpMethod(method), path)
    {
        Content = body is null ? null : new StringContent(body, Encoding.UTF8, contentType),
    };
}
