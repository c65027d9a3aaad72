using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace OrleansFlows.Api.Tests.Support;

/// <summary>Asserts that a response is a problem document (<c>application/problem+json</c>) of an exact status and type.</summary>
internal static class ProblemAssert
{
    public const string ContentType = "application/problem+json";

    /// <summary>Checks the status, content type, type URI and the required members, and returns the document.</summary>
    public static async Task<JsonElement> IsAsync(HttpResponseMessage response, HttpStatusCode status, string kind, string? detail = null)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"Expected {(int)status} but got {(int)response.StatusCode}: {body}");
        Assert.Equal(ContentType, response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(body).RootElement.Clone();
        Assert.Equal($"urn:orleansflows:problem:{kind}", problem.GetProperty("type").GetString());
        Assert.Equal((int)status, problem.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("title").GetString()));
        Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("detail").GetString()));
        if (detail is not null)
        {
            Assert.Equal(detail, problem.GetProperty("detail").GetString());
        }

        return problem;
    }

    /// <summary>The document without its per-request <c>traceId</c>, to compare two answers member by member.</summary>
    public static string WithoutTraceId(JsonElement problem)
    {
        var node = JsonNode.Parse(problem.GetRawText())!.AsObject();
        node.Remove("traceId");
        return node.ToJsonString();
    }
}
