using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace OrleansFlows.TestKit.Saas;

/// <summary>
/// A real HTTP server on 127.0.0.1 that stands in for a third-party enrichment API. Any POST (such as
/// <c>POST /enrich</c> with <c>{"email":"…"}</c>) answers <c>{"email":…,"company":"Acme","score":N}</c>.
/// </summary>
/// <remarks>
/// Every request is recorded, on arrival and before any fault, in <see cref="Requests"/>. Faults are programmable:
/// <see cref="Delay"/> slows every call until changed; <see cref="FailNext"/>, <see cref="HangNext"/>,
/// <see cref="BadJsonNext"/> and <see cref="AnswerNext"/> queue faults that the next requests take one each, in the order they were queued.
/// </remarks>
public sealed class EnrichmentServer : IAsyncDisposable
{
    /// <summary>The score given to an email without one of its own.</summary>
    public const int DefaultScore = 42;

    /// <summary>The company every answer names.</summary>
    public const string Company = "Acme";

    private readonly LoopbackWebHost _host;
    private readonly RequestLog<RecordedRequest> _requests = new();
    private readonly FaultQueue _faults = new();
    private readonly ConcurrentDictionary<string, int> _scores = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, TimeSpan> _pathDelays = new(StringComparer.Ordinal);
    private long _delayTicks;

    private EnrichmentServer() => _host = new LoopbackWebHost(HandleAsync);

    /// <summary>The server's root, such as <c>http://127.0.0.1:41234/</c>.</summary>
    public Uri BaseAddress => _host.BaseAddress;

    /// <summary>Every request received so far, in arrival order (a snapshot).</summary>
    public IReadOnlyList<RecordedRequest> Requests => _requests.Snapshot();

    /// <summary>Starts a server on a free port.</summary>
    public static async Task<EnrichmentServer> StartAsync()
    {
        var server = new EnrichmentServer();
        await server._host.StartAsync().ConfigureAwait(false);
        return server;
    }

    /// <summary>Gives <paramref name="email"/> its own score.</summary>
    public void SetScore(string email, int score) => _scores[email] = score;

    /// <summary>Delays every answer (faults included) by <paramref name="delay"/> from now on; <see cref="TimeSpan.Zero"/> ends it.</summary>
    public void Delay(TimeSpan delay)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(delay, TimeSpan.Zero);
        Interlocked.Exchange(ref _delayTicks, delay.Ticks);
    }

    /// <summary>Delays every answer to <paramref name="path"/> (such as <c>/enrich/b</c>) by <paramref name="delay"/>, before any fault is taken.</summary>
    public void DelayPath(string path, TimeSpan delay)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(delay, TimeSpan.Zero);
        _pathDelays[path] = delay;
    }

    /// <summary>Answers the next <paramref name="count"/> requests with <paramref name="status"/> (such as 500 or 429), with a Retry-After header in whole seconds if <paramref name="retryAfter"/> is given.</summary>
    public void FailNext(int count, int status, TimeSpan? retryAfter = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(status, 400);
        _faults.Enqueue(count, new SaasFault(SaasFaultKind.Fail, status, retryAfter));
    }

    /// <summary>Never answers the next <paramref name="count"/> requests; each is held until the client gives up or the server is disposed.</summary>
    public void HangNext(int count) => _faults.Enqueue(count, new SaasFault(SaasFaultKind.Hang));

    /// <summary>Answers the next <paramref name="count"/> requests with 200 and a JSON body that does not parse.</summary>
    public void BadJsonNext(int count) => _faults.Enqueue(count, new SaasFault(SaasFaultKind.BadJson));

    /// <summary>
    /// Answers the next <paramref name="count"/> requests with 200 and <paramref name="json"/> as it is, such as
    /// <c>{"name":"A\u0000B"}</c> with an escape that a store may refuse.
    /// </summary>
    public void AnswerNext(int count, string json) => _faults.Enqueue(count, new SaasFault(SaasFaultKind.Answer, Body: json));

    /// <summary>Drops queued faults and the delay.</summary>
    public void ClearFaults()
    {
        _faults.Clear();
        _pathDelays.Clear();
        Delay(TimeSpan.Zero);
    }

    /// <summary>Waits until at least <paramref name="count"/> requests have arrived.</summary>
    /// <exception cref="TimeoutException">Fewer arrived within <paramref name="timeout"/>; the message lists those that did.</exception>
    public Task WaitForRequestsAsync(int count, TimeSpan timeout) =>
        _requests.WaitForCountAsync(count, timeout, received =>
            $"{nameof(EnrichmentServer)} at {BaseAddress} expected {count} request(s) within {timeout} but received {received.Count}"
            + (received.Count == 0 ? "." : $": {string.Join(", ", received)}."));

    /// <inheritdoc />
    public ValueTask DisposeAsync() => _host.DisposeAsync();

    private async Task HandleAsync(HttpContext context, CancellationToken stopping)
    {
        var request = await RecordedRequest.ReadAsync(context.Request, context.RequestAborted).ConfigureAwait(false);
        _requests.Add(request);

        var delay = TimeSpan.FromTicks(Interlocked.Read(ref _delayTicks)) + _pathDelays.GetValueOrDefault(context.Request.Path.Value ?? "");
        if (delay > TimeSpan.Zero && !await SaasResponses.WaitAsync(delay, context, stopping).ConfigureAwait(false))
        {
            context.Abort();
            return;
        }

        if (_faults.TakeNext() is { } fault)
        {
            await SaasResponses.ApplyAsync(context, fault, """{"error":"injected fault"}""", "application/json", stopping).ConfigureAwait(false);
            return;
        }

        if (!TryReadEmail(request.Body, out var email))
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            await context.Response.WriteAsJsonAsync(new { error = "The body must be a JSON object." }, context.RequestAborted).ConfigureAwait(false);
            return;
        }

        var score = email is not null && _scores.TryGetValue(email, out var own) ? own : DefaultScore;
        await context.Response.WriteAsJsonAsync(new { email, company = Company, score }, context.RequestAborted).ConfigureAwait(false);
    }

    private static bool TryReadEmail(string body, out string? email)
    {
        email = null;
        try
        {
            using var document = JsonDocument.Parse(body);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return false;
            }

            if (document.RootElement.TryGetProperty("email", out var value) && value.ValueKind == JsonValueKind.String)
            {
                email = value.GetString();
            }

            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
