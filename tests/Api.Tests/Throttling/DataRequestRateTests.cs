using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using OrleansFlows.Api.DataRequests;
using OrleansFlows.Api.Tests.Hosting;
using OrleansFlows.Api.Tests.Support;

namespace OrleansFlows.Api.Tests.Throttling;

/// <summary>
/// Exports, erasures and retention runs started by hand count against one per-tenant rate of data requests: past it,
/// each is refused with 429 and Retry-After and nothing starts; reads don't count, and another tenant has its own rate.
/// </summary>
public sealed class DataRequestRateTests : IAsyncLifetime
{
    private readonly TempFolder _data = new();
    private ApiHost _host = null!;

    public Task InitializeAsync()
    {
        // Two a minute: the third request within the test's few seconds finds the bucket empty (one comes back in 30 s).
        _host = ApiHost.Sqlite(_data.Path, settings: new Dictionary<string, string?> { ["OrleansFlows:DataRequests:PerMinute"] = "2" });
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        _data.Dispose();
    }

    [Fact]
    public async Task DataRequests_PastTheTenantsRate_Answer429WithRetryAfterAndStartNothing()
    {
        var a = await _host.CreateTenantAsync("rate-a-" + Guid.NewGuid().ToString("N")[..8]);
        var b = await _host.CreateTenantAsync("rate-b-" + Guid.NewGuid().ToString("N")[..8]);
        using var clientA = _host.CreateTenantClient(a.ApiKey);
        using var clientB = _host.CreateTenantClient(b.ApiKey);

        var erasure = await clientA.PostAsJsonAsync("/v1/erasures", new { email = "nobody@example.com" });
        Assert.Equal(HttpStatusCode.OK, erasure.StatusCode);
        var export = await clientA.PostAsync("/v1/exports", null);
        Assert.Equal(HttpStatusCode.Accepted, export.StatusCode);

        var refusals = new[]
        {
            await clientA.PostAsJsonAsync("/v1/erasures", new { email = "someone@example.com" }),
            await clientA.PostAsync("/v1/exports", null),
            await clientA.PostAsync("/v1/retention/runs", null),
        };
        foreach (var refused in refusals)
        {
            var problem = await ProblemAssert.IsAsync(refused, HttpStatusCode.TooManyRequests, "rate-limited");
            Assert.Contains("2 data requests", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
            var retryAfter = int.Parse(Assert.Single(refused.Headers.GetValues("Retry-After")), System.Globalization.CultureInfo.InvariantCulture);
            Assert.InRange(retryAfter, 1, 30);
        }

        // Nothing was started by the refusals: no retention run, and the one export is still the only one.
        var runs = await clientA.GetFromJsonAsync<JsonElement>("/v1/retention/runs");
        Assert.Equal(0, runs.GetProperty("items").GetArrayLength());
        var exportId = (await export.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("exportId").GetString();
        Assert.Equal(HttpStatusCode.OK, (await clientA.GetAsync($"/v1/exports/{exportId}")).StatusCode);

        // Another tenant has its own rate.
        Assert.Equal(HttpStatusCode.OK, (await clientB.PostAsJsonAsync("/v1/erasures", new { email = "nobody@example.com" })).StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, (await clientB.PostAsync("/v1/retention/runs", null)).StatusCode);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(DataRequestOptionsValidator.MaxPerMinute + 1)]
    public void Validate_PerMinuteOutOfRange_FailsNamingTheSetting(int perMinute)
    {
        var result = new DataRequestOptionsValidator().Validate(null, new DataRequestOptions { PerMinute = perMinute });

        Assert.True(result.Failed);
        Assert.Contains("OrleansFlows:DataRequests:PerMinute", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_Default_Succeeds() =>
        Assert.True(new DataRequestOptionsValidator().Validate(null, new DataRequestOptions()).Succeeded);
}
