using System.Net;
using System.Text;
using OrleansFlows.TestKit.Saas;

namespace OrleansFlows.Grains.Tests.Saas;

public sealed class SlackReceiverTests : IAsyncLifetime
{
    private static readonly TimeSpan WaitTimeout = TimeSpan.FromSeconds(10);

    private readonly HttpClient _client = new(new SocketsHttpHandler { UseProxy = false });
    private SlackReceiver _receiver = null!;

    public async Task InitializeAsync() => _receiver = await SlackReceiver.StartAsync();

    public async Task DisposeAsync()
    {
        await _receiver.DisposeAsync();
        _client.Dispose();
    }

    [Fact]
    public async Task Post_TextToHook_AnswersOkAndRecordsMessage()
    {
        var waiting = _receiver.WaitForMessagesAsync(1, WaitTimeout);

        using var response = await PostAsync(_receiver.WebhookUrl("T000/B000/sales"), """{"text":"New lead: Ada (score 97)"}""");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("ok", await response.Content.ReadAsStringAsync());
        await waiting;
        var message = Assert.Single(_receiver.Messages);
        Assert.Equal("/hooks/T000/B000/sales", message.Path);
        Assert.Equal("New lead: Ada (score 97)", message.Text);
        Assert.Equal("application/json; charset=utf-8", message.Headers["content-type"]);
    }

    [Fact]
    public async Task FailNext_One_FailsThenAccepts()
    {
        _receiver.FailNext(1, 503, TimeSpan.FromSeconds(1));

        using var failed = await PostAsync(_receiver.WebhookUrl(), """{"text":"first"}""");
        using var accepted = await PostAsync(_receiver.WebhookUrl(), """{"text":"second"}""");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, failed.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(1), failed.Headers.RetryAfter?.Delta);
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        Assert.Equal("second", Assert.Single(_receiver.Messages).Text);
        Assert.Equal(2, _receiver.PostCount);
    }

    [Theory]
    [InlineData("hooks/x", "not json", HttpStatusCode.BadRequest, "invalid_payload")]
    [InlineData("hooks/x", """{"blocks":[]}""", HttpStatusCode.BadRequest, "no_text")]
    [InlineData("hooks/", """{"text":"hi"}""", HttpStatusCode.NotFound, "no_service")]
    [InlineData("services/x", """{"text":"hi"}""", HttpStatusCode.NotFound, "no_service")]
    public async Task Post_Invalid_AnswersLikeSlackAndRecordsNothing(string path, string body, HttpStatusCode status, string answer)
    {
        using var response = await PostAsync(new Uri(_receiver.BaseAddress, path), body);

        Assert.Equal(status, response.StatusCode);
        Assert.Equal(answer, await response.Content.ReadAsStringAsync());
        Assert.Empty(_receiver.Messages);
    }

    [Fact]
    public async Task WaitForMessagesAsync_TooFewArrive_ThrowsWithWhatArrived()
    {
        (await PostAsync(_receiver.WebhookUrl("sales"), """{"text":"one"}""")).Dispose();

        var ex = await Assert.ThrowsAsync<TimeoutException>(() => _receiver.WaitForMessagesAsync(2, TimeSpan.FromMilliseconds(50)));

        Assert.Equal($"SlackReceiver at {_receiver.BaseAddress} expected 2 message(s) within 00:00:00.0500000 but accepted 1 (of 1 post(s)): /hooks/sales \"one\".", ex.Message);
    }

    private Task<HttpResponseMessage> PostAsync(Uri url, string body) =>
        _client.PostAsync(url, new StringContent(body, Encoding.UTF8, "application/json"));
}
