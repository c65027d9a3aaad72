using System.Net;
using System.Text;
using System.Text.Json;
using OrleansFlows.Api.Tests.OpenApi;
using OrleansFlows.Api.Tests.Support;

namespace OrleansFlows.Api.Tests.Hostile;

/// <summary>
/// A body the API can't take gets the same answer on every operation that takes one, whether the handler reads the body
/// itself or the framework binds it, and the OpenAPI document declares those answers.
/// </summary>
public sealed class BodyRefusalTests(ServedOpenApiDocument served) : IClassFixture<ServedOpenApiDocument>
{
    [Fact]
    public async Task OperatorCall_BoundBodyMissing_Is400SayingABodyIsNeeded()
    {
        using var client = served.Host.CreateOperatorClient();

        using var response = await client.PutAsync("/v1/tenants/no-body-sent", content: null);

        await ProblemAssert.IsAsync(response, HttpStatusCode.BadRequest, "bad-request", "The request needs a JSON body; none was sent.");
    }

    [Fact]
    public async Task OperatorCall_BoundBodyNotJson_Is415Problem()
    {
        using var client = served.Host.CreateOperatorClient();

        using var response = await client.PostAsync("/v1/tenants", new StringContent("name=Bakery", Encoding.UTF8, "text/plain"));

        await ProblemAssert.IsAsync(response, HttpStatusCode.UnsupportedMediaType, "unsupported-media-type");
    }

    [Fact]
    public void Document_EveryOperationWithABody_Declares413And415AsProblems()
    {
        var document = JsonDocument.Parse(served.Json).RootElement;
        var checkedOperations = 0;
        foreach (var path in document.GetProperty("paths").EnumerateObject())
        {
            foreach (var operation in path.Value.EnumerateObject().Where(o => o.Value.ValueKind == JsonValueKind.Object && o.Value.TryGetProperty("requestBody", out _)))
            {
                var responses = operation.Value.GetProperty("responses");
                foreach (var status in new[] { "413", "415" })
                {
                    Assert.True(responses.TryGetProperty(status, out var response), $"{operation.Name.ToUpperInvariant()} {path.Name} does not declare {status}.");
                    Assert.True(response.GetProperty("content").TryGetProperty("application/problem+json", out _), $"{operation.Name.ToUpperInvariant()} {path.Name}: {status} is not a problem.");
                }

                checkedOperations++;
            }
        }

        Assert.True(checkedOperations >= 8, $"Only {checkedOperations} operations take a body.");
    }
}
