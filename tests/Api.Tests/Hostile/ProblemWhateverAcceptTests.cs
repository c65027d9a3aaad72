using System.Net;
using OrleansFlows.Api.Tests.Hosting;
using OrleansFlows.Api.Tests.Support;

namespace OrleansFlows.Api.Tests.Hostile;

/// <summary>
/// Every error is application/problem+json whatever Accept says, and never shows a stack trace or the request's
/// headers. The test host runs in Development, where the host adds the developer error page.
/// </summary>
public sealed class ProblemWhateverAcceptTests(SqliteApiHostFixture fixture) : IClassFixture<SqliteApiHostFixture>
{
    public static TheoryData<string, string, string> UnknownTenantCalls()
    {
        var data = new TheoryData<string, string, string>();
        foreach (var accept in new[] { "text/plain", "text/html", "application/xml", "image/png" })
        {
            data.Add(accept, "POST", "/v1/tenants/nobody-here/suspend");
            data.Add(accept, "POST", "/v1/tenants/nobody-here/resume");
            data.Add(accept, "POST", "/v1/tenants/nobody-here/api-keys");
            data.Add(accept, "DELETE", "/v1/tenants/nobody-here/api-keys/abcdef012345");
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(UnknownTenantCalls))]
    public async Task OperatorCall_UnknownTenantAnyAccept_Is404Problem(string accept, string method, string path)
    {
        using var client = fixture.Host.CreateOperatorClient();
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        request.Headers.TryAddWithoutValidation("Accept", accept);

        using var response = await client.SendAsync(request);

        var problem = await ProblemAssert.IsAsync(response, HttpStatusCode.NotFound, "not-found");
        Assert.Contains("nobody-here", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
    }

    [Theory]
    [InlineData("text/html")]
    [InlineData("text/plain")]
    [InlineData("image/png")]
    public async Task ExceptionInDevelopment_AnyAccept_IsProblemWithoutHeadersOrStackTrace(string accept)
    {
        var tenant = await fixture.Host.CreateTenantAsync($"dev-{Guid.NewGuid().ToString("N")[..10]}");
        using var client = fixture.Host.CreateTenantClient(tenant.ApiKey);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/v1/leads?limit=0");
        request.Headers.TryAddWithoutValidation("Accept", accept);

        // The out-of-range limit is raised as an exception inside the endpoint, so the exception path answers.
        using var response = await client.SendAsync(request);

        var problem = await ProblemAssert.IsAsync(response, HttpStatusCode.BadRequest, "bad-request");
        var body = problem.GetRawText();
        Assert.DoesNotContain(tenant.ApiKey, body, StringComparison.Ordinal);
        Assert.DoesNotContain("Authorization", body, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("   at ", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NoRoute_TextHtml_Is404Problem()
    {
        using var client = fixture.Host.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/nowhere");
        request.Headers.TryAddWithoutValidation("Accept", "text/html");

        using var response = await client.SendAsync(request);

        await ProblemAssert.IsAsync(response, HttpStatusCode.NotFound, "not-found");
    }
}
