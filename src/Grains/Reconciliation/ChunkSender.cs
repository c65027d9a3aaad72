using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using OrleansFlows.Contracts.Tenants;
using OrleansFlows.Grains.Connectors.OutboundHttp;
using OrleansFlows.Grains.Security;
using OrleansFlows.Grains.Steps;
using OrleansFlows.Grains.Workflows;

namespace OrleansFlows.Grains.Reconciliation;

/// <summary>
/// Sends a date's records to the tenant's bulk receiver in chunks, each with its own idempotency key, retrying a chunk
/// on timeouts, connection failures, 408, 429 and 5xx. The receiver contract (docs/api.md): <c>POST {path}</c> with
/// <c>{tenantId, businessDate, attempt, chunk, chunks, records:[{leadId, workflow, data, addedAt}]}</c>, answered by
/// 2xx and <c>{"accepted": N}</c>.
/// </summary>
internal sealed class ChunkSender(ConnectionResolver connections, OutboundHttpClientFactory http, IOptions<ReconciliationOptions> options, TimeProvider timeProvider)
{
    /// <summary>Sends every chunk; throws <see cref="StepConfigurationException"/> when the connection can't be used at all.</summary>
    public async Task<IReadOnlyList<ChunkResult>> SendAsync(ReconciliationWork work, IReadOnlyList<BatchRecordRow> records, CancellationToken cancellationToken)
    {
        ResolvedConnection connection;
        try
        {
            connection = await connections.ResolveAsync(work.Tenant, work.Settings.Connection!, ConnectionKind.Http).ConfigureAwait(false);
        }
        catch (SecretDecryptionException exception)
        {
            throw new StepConfigurationException($"Connection '{work.Settings.Connection}' can't be decrypted: {exception.Message}");
        }

        var url = RequestUrls.Join(connection.BaseUrl!, work.Settings.Path);
        var chunks = records.Chunk(work.Settings.ChunkSize).ToArray();
        var results = new List<ChunkResult>(chunks.Length);
        for (var i = 0; i < chunks.Length; i++)
        {
            var body = Body(work, i, chunks.Length, chunks[i]);
            results.Add(await SendChunkAsync(work, connection, url, i, chunks[i].Length, body, cancellationToken).ConfigureAwait(false));
        }

        return results;
    }

    private async Task<ChunkResult> SendChunkAsync(
        ReconciliationWork work, ResolvedConnection connection, Uri url, int index, int sent, string body, CancellationToken cancellationToken)
    {
        var key = ReconciliationIdempotency.Key(work.Tenant, work.BusinessDate, work.Attempt, index);
        var settings = options.Value;
        var attempts = settings.MaxChunkAttempts;
        string error = "not sent";
        var made = 0;
        for (var attempt = 1; attempt <= attempts; attempt++)
        {
            made = attempt;
            var (acknowledged, failure, retryable, retryAfter) = await TryOnceAsync(connection, url, key, body, cancellationToken).ConfigureAwait(false);
            if (failure is null)
            {
                return new ChunkResult(index, sent, acknowledged, attempt, key, null);
            }

            error = failure;
            if (!retryable || attempt == attempts)
            {
                break;
            }

            var delay = settings.ChunkRetryDelay * Math.Pow(2, attempt - 1);
            await Task.Delay(retryAfter is { } asked && asked > delay ? asked : delay, timeProvider, cancellationToken).ConfigureAwait(false);
        }

        return new ChunkResult(index, sent, null, made, key, error);
    }

    private async Task<(int? Acknowledged, string? Error, bool Retryable, TimeSpan? RetryAfter)> TryOnceAsync(
        ResolvedConnection connection, Uri url, string key, string body, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = OutboundCall.JsonContent(body) };
        foreach (var (name, value) in connection.Headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        request.Headers.TryAddWithoutValidation(StepIdempotency.HeaderName, key);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(options.Value.ChunkTimeout);
        try
        {
            var response = await http.SendAsync(request, deadline.Token).ConfigureAwait(false);
            if (!response.IsSuccess)
            {
                return (null, $"HTTP {response.Status} from {url.Host}", RetryPolicy.Default.IsRetryable(response.Status), response.GetRetryAfter(timeProvider.GetUtcNow()));
            }

            return (ReadAccepted(response.Body), null, false, null);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return (null, $"No answer from {url.Host} within {options.Value.ChunkTimeout.TotalSeconds:0.###}s.", true, null);
        }
        catch (Exception exception) when (exception is OutboundAddressForbiddenException or OutboundResponseTooLargeException)
        {
            return (null, exception.Message, false, null);
        }
        catch (HttpRequestException failed)
        {
            return (null, $"Request to {url.Host} failed: {failed.Message}", true, null);
        }
    }

    // A success without a readable count is kept as acknowledged-unknown: the report flags it as a mismatch.
    private static int? ReadAccepted(byte[] body)
    {
        try
        {
            return JsonNode.Parse(body) is JsonObject answer && answer["accepted"] is JsonValue value && value.TryGetValue<int>(out var accepted) ? accepted : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string Body(ReconciliationWork work, int index, int count, BatchRecordRow[] chunk)
    {
        var records = new JsonArray();
        foreach (var record in chunk)
        {
            records.Add(new JsonObject
            {
                ["leadId"] = record.LeadId,
                ["workflow"] = record.Workflow,
                ["data"] = JsonNode.Parse(record.DataJson),
                ["addedAt"] = record.AddedAt.ToUniversalTime().ToString("O", System.Globalization.CultureInfo.InvariantCulture),
            });
        }

        return new JsonObject
        {
            ["tenantId"] = work.Tenant.Value,
            ["businessDate"] = ReconciliationRows.DateText(work.BusinessDate),
            ["attempt"] = work.Attempt,
            ["chunk"] = index,
            ["chunks"] = count,
            ["records"] = records,
        }.ToJsonString();
    }
}
