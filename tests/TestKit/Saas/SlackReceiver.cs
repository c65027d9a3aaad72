using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace OrleansFlows.TestKit.Saas;

/// <summary>
/// A real HTTP server on 127.0.0.1 that behaves like Slack's incoming webhooks: <c>POST /hooks/{any}</c> with
/// <c>{"text":"…"}</c> answers 200 <c>ok</c> and records the message.
/// </summary>
/// <remarks>
/// Like Slack, a body that is not JSON answers 400 <c>invalid_payload</c>, a missing or empty text 400
/// <c>no_text</c>, another path 404 <c>no_service</c>, and another method 405. <see cref="FailNext"/> queues error
/// answers for the next webhook posts; a failed post is not recorded as a message.
/// </remarks>
public sealed class SlackReceiver : IAsyncDisposable
{
    /// <summary>The path prefix of webhook URLs.</summary>
    public const string HooksPath = "/hooks/";

    private readonly LoopbackWebHost _host;
    private readonly RequestLog<SlackMessage> _messages = new();
    private readonly FaultQueue _faults = new();
    private int _postCount;

    private SlackReceiver() => _host = new LoopbackWebHost(HandleAsync);

    /// <summary>The server's root, such as <c>http://127.0.0.1:41234/</c>.</summary>
    public Uri BaseAddress => _host.BaseAddress;

    /// <summary>Every accepted message so far, in arrival order (a snapshot).</summary>
    public IReadOnlyList<SlackMessage> Messages => _messages.Snapshot();

    /// <summary>How many posts to a webhook path arrived, failed ones included.</summary>
    public int PostCount => Volatile.Read(ref _postCount);

    /// <summary>Starts a receiver on a free port.</summary>
    public static async Task<SlackReceiver> StartAsync()
    {
        var receiver = new SlackReceiver();
        await receiver._host.StartAsync().ConfigureAwait(false);
        return receiver;
    }

    /// <summary>A webhook URL on this receiver, such as <c>http://127.0.0.1:41234/hooks/sales</c>.</summary>
    public Uri WebhookUrl(string name = "test") => new(BaseAddress, HooksPath.TrimStart('/') + name);

    /// <summary>Answers the next <paramref name="count"/> webhook posts with <paramref name="status"/>, with a Retry-After header in whole seconds if <paramref name="retryAfter"/> is given.</summary>
    public void FailNext(int count, int status, TimeSpan? retryAfter = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(status, 400);
        _faults.Enqueue(count, new SaasFault(SaasFaultKind.Fail, status, retryAfter));
    }

    /// <summary>Waits until at least <paramref name="count"/> messages have been accepted.</summary>
    /// <exception cref="TimeoutException">Fewer arrived within <paramref name="timeout"/>; the message lists those that did.</exception>
    public Task WaitForMessagesAsync(int count, TimeSpan timeout) =>
        _messages.WaitForCountAsync(count, timeout, received =>
            $"{nameof(SlackReceiver)} at {BaseAddress} expected {count} message(s) within {timeout} but accepted {received.Count}"
            + $" (of {PostCount} post(s))"
            + (received.Count == 0 ? "." : ": " + string.Join(", ", received.Select(m => $"{m.Path} \"{m.Text}\"")) + "."));

    /// <inheritdoc />
    public ValueTask DisposeAsync() => _host.DisposeAsync();

    private async Task HandleAsync(HttpContext context, CancellationToken stopping)
    {
        var path = context.Request.Path.Value ?? "/";
        if (!path.StartsWith(HooksPath, StringComparison.Ordinal) || path.Length == HooksPath.Length)
        {
            await AnswerAsync(context, StatusCodes.Status404NotFound, "no_service").ConfigureAwait(false);
            return;
        }

        if (!HttpMethods.IsPost(context.Request.Method))
        {
            await AnswerAsync(context, StatusCodes.Status405MethodNotAllowed, "invalid_method").ConfigureAwait(false);
            return;
        }

        var request = await RecordedRequest.ReadAsync(context.Request, context.RequestAborted).ConfigureAwait(false);
        Interlocked.Increment(ref _postCount);
        if (_faults.TakeNext() is { } fault)
        {
            await SaasResponses.ApplyAsync(context, fault, "injected_fault", "text/plain", stopping).ConfigureAwait(false);
            return;
        }

        string? text;
        try
        {
            using var document = JsonDocument.Parse(request.Body);
            text = document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("text", out var value)
                && value.ValueKind == JsonValueKind.String
                    ? value.GetString()
                    : null;
        }
        catch (JsonException)
        {
            await AnswerAsync(context, StatusCodes.Status400BadRequest, "invalid_payload").ConfigureAwait(false);
            return;
        }

        if (string.IsNullOrEmpty(text))
        {
            await AnswerAsync(context, StatusCodes.Status400BadRequest, "no_text").ConfigureAwait(false);
            return;
        }

        _messages.Add(new SlackMessage(path, text, request.Headers, request.ReceivedAt));
        await AnswerAsync(context, StatusCodes.Status200OK, "ok").ConfigureAwait(false);
    }

    private static Task AnswerAsync(HttpContext context, int status, string body)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "text/plain";
        return context.Response.WriteAsync(body, context.RequestAborted);
    }
}
