using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json;
using OrleansFlows.TestKit.Saas;

namespace OrleansFlows.Grains.Tests.Saas;

public sealed class EnrichmentServerTests : IAsyncLifetime
{
    private static readonly TimeSpan WaitTimeout = TimeSpan.FromSeconds(10);

    private readonly HttpClient _client = new(new SocketsHttpHandler { UseProxy = false }) { Timeout = TimeSpan.FromSeconds(30) };
    private EnrichmentServer _server = null!;

    public async Task InitializeAsync() => _server = await EnrichmentServer.StartAsync();

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        _client.Dispose();
    }

    [Fact]
    public async Task Post_Email_AnswersEnrichmentAndRecordsRequest()
    {
        _server.SetScore("vip@example.com", 97);

        using var response = await PostAsync("enrich", """{"email":"vip@example.com"}""", idempotencyKey: "t1/l1/enrich/1");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("""{"email":"vip@example.com","company":"Acme","score":97}""", await response.Content.ReadAsStringAsync());
        var request = Assert.Single(_server.Requests);
        Assert.Equal("POST", request.Method);
        Assert.Equal("/enrich", request.Path);
        Assert.Equal("t1/l1/enrich/1", request.IdempotencyKey);
        Assert.Equal("""{"email":"vip@example.com"}""", request.Body);
    }

    [Fact]
    public async Task Post_AnyPathWithUnknownEmail_AnswersDefaultScore()
    {
        using var response = await PostAsync("v2/people/lookup?x=1", """{"email":"new@example.com"}""");

        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(42, json.RootElement.GetProperty("score").GetInt32());
        Assert.Equal("?x=1", Assert.Single(_server.Requests).Query);
    }

    [Fact]
    public async Task Post_NotJson_Answers400()
    {
        using var response = await PostAsync("enrich", "not json");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task FailNext_TwoServerErrors_FailsTwiceThenAnswers()
    {
        _server.FailNext(2, 500);

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++)
        {
            using var response = await PostAsync("enrich", """{"email":"a@example.com"}""");
            statuses.Add(response.StatusCode);
        }

        Assert.Equal([HttpStatusCode.InternalServerError, HttpStatusCode.InternalServerError, HttpStatusCode.OK], statuses);
        Assert.Equal(3, _server.Requests.Count);
    }

    [Fact]
    public async Task FailNext_TooManyRequestsWithRetryAfter_SendsHeader()
    {
        _server.FailNext(1, 429, TimeSpan.FromMilliseconds(1500));

        using var response = await PostAsync("enrich", """{"email":"a@example.com"}""");

        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(2), response.Headers.RetryAfter?.Delta);
    }

    [Fact]
    public async Task HangNext_One_HoldsUntilClientGivesUpThenNextAnswers()
    {
        _server.HangNext(1);
        using var timeout = new CancellationTokenSource();
        var hung = PostAsync("enrich", """{"email":"a@example.com"}""", cancellationToken: timeout.Token);
        await _server.WaitForRequestsAsync(1, WaitTimeout);

        await timeout.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => hung);
        using var response = await PostAsync("enrich", """{"email":"a@example.com"}""");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(2, _server.Requests.Count);
    }

    [Fact]
    public async Task HangNext_ServerDisposed_ReleasesHeldRequest()
    {
        _server.HangNext(1);
        var pending = PostAsync("enrich", """{"email":"a@example.com"}""");
        await _server.WaitForRequestsAsync(1, WaitTimeout);

        await _server.DisposeAsync();

        await Assert.ThrowsAsync<HttpRequestException>(() => pending);
    }

    [Fact]
    public async Task BadJsonNext_One_AnswersUnparsableJson()
    {
        _server.BadJsonNext(1);

        using var response = await PostAsync("enrich", """{"email":"a@example.com"}""");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var body = await response.Content.ReadAsStringAsync();
        Assert.ThrowsAny<JsonException>(() => JsonDocument.Parse(body));
    }

    [Fact]
    public async Task Delay_EveryCall_AnswersNoSoonerThanDelay()
    {
        _server.Delay(TimeSpan.FromMilliseconds(200));
        var stopwatch = Stopwatch.StartNew();

        using var response = await PostAsync("enrich", """{"email":"a@example.com"}""");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(stopwatch.Elapsed >= TimeSpan.FromMilliseconds(200), $"answered after {stopwatch.Elapsed}");
    }

    [Fact]
    public async Task WaitForRequestsAsync_EnoughArrive_Completes()
    {
        var waiting = _server.WaitForRequestsAsync(2, WaitTimeout);

        (await PostAsync("enrich", """{"email":"a@example.com"}""")).Dispose();
        Assert.False(waiting.IsCompleted);
        (await PostAsync("enrich", """{"email":"b@example.com"}""")).Dispose();

        await waiting;
    }

    [Fact]
    public async Task WaitForRequestsAsync_TooFewArrive_ThrowsWithWhatArrived()
    {
        (await PostAsync("enrich", """{"email":"a@example.com"}""")).Dispose();

        var ex = await Assert.ThrowsAsync<TimeoutException>(() => _server.WaitForRequestsAsync(2, TimeSpan.FromMilliseconds(50)));

        Assert.Equal($"EnrichmentServer at {_server.BaseAddress} expected 2 request(s) within 00:00:00.0500000 but received 1: POST /enrich.", ex.Message);
    }

    private async Task<HttpResponseMessage> PostAsync(string path, string body, string? idempotencyKey = null, CancellationToken cancellationToken = default)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(_server.BaseAddress, path))
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }

        return await _client.SendAsync(request, cancellationToken);
    }
}
