using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using OrleansFlows.Api.Tests.Hosting;

namespace OrleansFlows.Api.Tests.Endpoints;

public sealed class OverloadTests : IDisposable
{
    private readonly TempFolder _data = new();

    [Fact]
    public async Task Request_GrainCallTimesOut_Returns503WithRetryAfterInsteadOfHanging()
    {
        await using var host = ApiHost.Sqlite(_data.Path, settings: new Dictionary<string, string?> { ["OrleansFlows:Runtime:Calls:ResponseTimeout"] = "00:00:00.001" });
        using var client = host.CreateOperatorClient();

        // Creating a tenant writes to the store with a durable commit, which takes longer than the 1 ms call timeout.
        var responses = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => client.PostAsJsonAsync("/v1/tenants", new { id = $"t{i}", name = "T", timeZone = "UTC" })));

        var unavailable = responses.Where(r => r.StatusCode == HttpStatusCode.ServiceUnavailable).ToList();
        Assert.NotEmpty(unavailable);
        Assert.All(responses, r => Assert.Contains(r.StatusCode, new[] { HttpStatusCode.ServiceUnavailable, HttpStatusCode.Created }));
        foreach (var response in unavailable)
        {
            Assert.Equal("5", response.Headers.RetryAfter?.Delta?.TotalSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture));
            var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal("urn:orleansflows:problem:unavailable", problem.GetProperty("type").GetString());
        }
    }

    [Fact]
    public async Task Requests_OverTheConcurrencyLimit_Return503WithRetryAfter()
    {
        await using var host = ApiHost.Sqlite(_data.Path, settings: new Dictionary<string, string?> { ["OrleansFlows:MaxConcurrentRequests"] = "1" });
        using var client = host.CreateOperatorClient();

        var responses = await Task.WhenAll(Enumerable.Range(0, 60).Select(i => client.GetAsync($"/v1/tenants/t{i}")));

        Assert.Contains(responses, r => r.StatusCode == HttpStatusCode.ServiceUnavailable && r.Headers.RetryAfter is not null);
        Assert.All(responses, r => Assert.Contains(r.StatusCode, new[] { HttpStatusCode.ServiceUnavailable, HttpStatusCode.NotFound }));
        var rejected = responses.First(r => r.StatusCode == HttpStatusCode.ServiceUnavailable);
        Assert.Equal("application/problem+json", rejected.Content.Headers.ContentType?.MediaType);
    }

    public void Dispose() => _data.Dispose();
}
