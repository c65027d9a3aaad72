using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace OrleansFlows.TestKit.Saas;

/// <summary>
/// A real HTTP server on 127.0.0.1 that stands in for a tenant's bulk reconciliation endpoint (a CRM or accounting
/// system): <c>POST</c> a chunk <c>{tenantId, businessDate, attempt, chunk, chunks, records:[…]}</c> and it answers
/// <c>{"accepted": N}</c>, N being the number of records.
/// </summary>
/// <remarks>
/// Like a careful receiver, it honours <c>Idempotency-Key</c>: a repeated key is answered with the first answer and
/// its records are not counted again (<see cref="AcceptedRecords"/>). Every request is recorded on arrival, before any
/// fault. <see cref="FailNext"/> and <see cref="HangNext"/> queue faults for the next requests; <see cref="AcknowledgeWrongNext"/>
/// makes the next successful answers claim a different count.
/// </remarks>
public sealed class ReconciliationReceiver : IAsyncDisposable
{
    private readonly LoopbackWebHost _host;
    private readonly RequestLog<RecordedRequest> _requests = new();
    private readonly FaultQueue _faults = new();
    private readonly ConcurrentQueue<int> _wrongBy = new();
    private readonly ConcurrentDictionary<string, int> _answers = new(StringComparer.Ordinal);
    private int _acceptedRecords;

    private ReconciliationReceiver() => _host = new LoopbackWebHost(HandleAsync);

    /// <summary>The server's root, such as <c>http://127.0.0.1:41234/</c>.</summary>
    public Uri BaseAddress => _host.BaseAddress;

    /// <summary>Every request received so far, in arrival order (a snapshot).</summary>
    public IReadOnlyList<RecordedRequest> Requests => _requests.Snapshot();

    /// <summary>Records accepted, each idempotency key counted once.</summary>
    public int AcceptedRecords => Volatile.Read(ref _acceptedRecords);

    /// <summary>Starts a receiver on a free port.</summary>
    public static async Task<ReconciliationReceiver> StartAsync()
    {
        var receiver = new ReconciliationReceiver();
        await receiver._host.StartAsync().ConfigureAwait(false);
        return receiver;
    }

    /// <summary>Answers the next <paramref name="count"/> requests with <paramref name="status"/>, with a Retry-After header in whole seconds if <paramref name="retryAfter"/> is given.</summary>
    public void FailNext(int count, int status, TimeSpan? retryAfter = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(status, 400);
        _faults.Enqueue(count, new SaasFault(SaasFaultKind.Fail, status, retryAfter));
    }

    /// <summary>Never answers the next <paramref name="count"/> requests; each is held until the client gives up or the server is disposed.</summary>
    public void HangNext(int count) => _faults.Enqueue(count, new SaasFault(SaasFaultKind.Hang));

    /// <summary>The next <paramref name="count"/> new chunks are accepted, but the answer claims <paramref name="delta"/> more records than they held.</summary>
    public void AcknowledgeWrongNext(int count, int delta)
    {
        for (var i = 0; i < count; i++)
        {
            _wrongBy.Enqueue(delta);
        }
    }

    /// <summary>Waits until at least <paramref name="count"/> requests have arrived.</summary>
    /// <exception cref="TimeoutException">Fewer arrived within <paramref name="timeout"/>.</exception>
    public Task WaitForRequestsAsync(int count, TimeSpan timeout) =>
        _requests.WaitForCountAsync(count, timeout, received =>
            $"{nameof(ReconciliationReceiver)} at {BaseAddress} expected {count} request(s) within {timeout} but received {received.Count}.");

    /// <inheritdoc />
    public ValueTask DisposeAsync() => _host.DisposeAsync();

    /// <summary>The number of records in a chunk body, or null if the body is not a chunk.</summary>
    public static int? RecordCount(string body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            return document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("records", out var records) && records.ValueKind == JsonValueKind.Array
                ? records.GetArrayLength()
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private async Task HandleAsync(HttpContext context, CancellationToken stopping)
    {
        var request = await RecordedRequest.ReadAsync(context.Request, context.RequestAborted).ConfigureAwait(false);
        _requests.Add(request);
        if (_faults.TakeNext() is { } fault)
        {
            await SaasResponses.ApplyAsync(context, fault, """{"error":"injected fault"}""", "application/json", stopping).ConfigureAwait(false);
            return;
        }

        if (RecordCount(request.Body) is not { } count)
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            await context.Response.WriteAsJsonAsync(new { error = "The body must be a JSON object with a 'records' array." }, context.RequestAborted).ConfigureAwait(false);
            return;
        }

        var key = request.IdempotencyKey;
        int accepted;
        if (key is not null && _answers.TryGetValue(key, out var earlier))
        {
            accepted = earlier;
        }
        else
        {
            accepted = count + (_wrongBy.TryDequeue(out var delta) ? delta : 0);
            if (key is null || _answers.TryAdd(key, accepted))
            {
                Interlocked.Add(ref _acceptedRecords, count);
            }
        }

        await context.Response.WriteAsJsonAsync(new { accepted }, context.RequestAborted).ConfigureAwait(false);
    }
}
