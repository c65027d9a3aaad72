using Microsoft.AspNetCore.Http;

namespace OrleansFlows.TestKit.Saas;

/// <summary>A request as <see cref="EnrichmentServer"/> received it, recorded before any fault was applied.</summary>
/// <param name="Method">The HTTP method.</param>
/// <param name="Path">The path, without the query.</param>
/// <param name="Query">The query string with its leading '?', or empty.</param>
/// <param name="Headers">The request headers by name, case-insensitive.</param>
/// <param name="Body">The body, as UTF-8 text.</param>
/// <param name="ReceivedAt">When the request arrived.</param>
public sealed record RecordedRequest(
    string Method,
    string Path,
    string Query,
    IReadOnlyDictionary<string, string> Headers,
    string Body,
    DateTimeOffset ReceivedAt)
{
    /// <summary>The <c>Idempotency-Key</c> header, or <see langword="null"/>.</summary>
    public string? IdempotencyKey => Headers.GetValueOrDefault("Idempotency-Key");

    /// <summary>Reads the headers and body of <paramref name="request"/>.</summary>
    internal static async Task<RecordedRequest> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        using var reader = new StreamReader(request.Body);
        var body = await reader.ReadToEndAsync(cancellationToken).ConfigureAwait(false);
        var headers = request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        return new RecordedRequest(request.Method, request.Path.Value ?? "/", request.QueryString.Value ?? string.Empty, headers, body, DateTimeOffset.UtcNow);
    }

    /// <summary>A one-line summary for timeout messages: method and path, never the body.</summary>
    public override string ToString() => $"{Method} {Path}{Query}";
}
