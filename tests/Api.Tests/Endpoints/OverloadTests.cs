using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using OrleansFlows.Api.Tests.Hosting;

namespace OrleansFlows.Api.Tests.Endpoints;

public sealed class OverloadTests : IDisposable
{
    private readonly TempFolder _data = new();

    [Fact]
    public async Task Request_GrainCallTimesOut_Returns503WithRetryAfterInsteadOfHanging()
    {
        await using var host = ApiHost.Sqlite(_data.Path, settings: new Dictionary<string, string?> { ["OrleansFlows:Silo:ResponseTimeout"] = "00:00:00.0000001" });
        using var client = host.CreateOperatorClient();

        // Creating a tenant activates its grain and makes a durable commit; neither completes within the 100 ns call
        // timeout (a 1 ms timeout let a fast disk answer every call in time).
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
        var holder = new HeldRequests();
        await using var configured = ApiHost.Sqlite(_data.Path, settings: new Dictionary<string, string?> { ["OrleansFlows:MaxConcurrentRequests"] = "1" });
        await using var host = configured.WithWebHostBuilder(b => b.ConfigureServices(s => s.AddSingleton<IStartupFilter>(holder)));
        using var client = host.CreateClient();

        // One request holds the only permit; of three more, one takes the only queue place and two are refused.
        var first = client.GetAsync(HeldRequests.Path);
        await holder.Entered.Task.WaitAsync(TimeSpan.FromSeconds(30));
        var more = Enumerable.Range(0, 3).Select(_ => client.GetAsync(HeldRequests.Path)).ToList();
        var pending = more.ToList();
        var refused = new List<HttpResponseMessage>();
        while (refused.Count < 2)
        {
            var answered = await Task.WhenAny(pending).WaitAsync(TimeSpan.FromSeconds(30));
            pending.Remove(answered);
            refused.Add(await answered);
        }

        holder.Release.SetResult();
        var served = await Task.WhenAll(pending.Append(first));

        Assert.All(served, r => Assert.Equal(HttpStatusCode.NoContent, r.StatusCode));
        foreach (var response in refused)
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
            Assert.NotNull(response.Headers.RetryAfter);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal("urn:orleansflows:problem:unavailable", problem.GetProperty("type").GetString());
        }
    }

    /// <summary>
    /// Answers <see cref="Path"/> (a path the API doesn't map, so it passes every API middleware, the concurrency limiter
    /// included) only once <see cref="Release"/> is set, so a test can hold requests in flight for as long as it needs.
    /// </summary>
    private sealed class HeldRequests : IStartupFilter
    {
        public const string Path = "/held-for-test";

        public TaskCompletionSource Entered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            next(app);
            app.Use(async (context, nextMiddleware) =>
            {
                if (context.Request.Path != Path)
                {
                    await nextMiddleware(context);
                    return;
                }

                Entered.TrySetResult();
                await Release.Task;
                context.Response.StatusCode = StatusCodes.Status204NoContent;
            });
        };
    }

    public void Dispose() => _data.Dispose();
}
