using System.Net.Http.Headers;
using System.Text.Json;
using OrleansFlows.Contracts.Text;

namespace OrleansFlows.Api.Intake;

/// <summary>Reads a raw JSON body with the size limit, for endpoints that must hash or sign-check the exact bytes.</summary>
internal static class RequestBodies
{
    /// <summary>The deepest nesting accepted in a lead payload, as in bodies the API binds (<c>JsonOptions.MaxDepth</c>).</summary>
    public const int PayloadMaxDepth = 32;

    /// <summary>The deepest nesting accepted in a workflow definition, the definition parser's own limit.</summary>
    public const int DefinitionMaxDepth = 64;

    /// <exception cref="BadHttpRequestException">413 when the body is over the limit; 415 when it is not JSON.</exception>
    public static async Task<byte[]> ReadJsonAsync(HttpRequest request, long limit)
    {
        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var type) || type.MediaType is not ("application/json" or "application/webhook+json"))
        {
            throw new BadHttpRequestException("Send the body as 'application/json'.", StatusCodes.Status415UnsupportedMediaType);
        }

        if (request.ContentLength > limit)
        {
            throw TooLarge(limit);
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, request.HttpContext.RequestAborted)) > 0)
        {
            if (buffer.Length + read > limit)
            {
                throw TooLarge(limit);
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    /// <summary>
    /// Checks that a raw body is one JSON value the store can keep: well-formed UTF-8 JSON, nested no deeper than
    /// <paramref name="maxDepth"/>, no repeated property name (it breaks the shallow merge of lead data), text the stores
    /// can keep (<see cref="StorableText"/>: no NUL, no unpaired surrogate) and numbers every reader can take
    /// (<see cref="JsonNumberRange"/>).
    /// </summary>
    /// <returns>The kind of the root value.</returns>
    /// <exception cref="BadHttpRequestException">400, wrapping a <see cref="JsonException"/> that says what is wrong (an
    /// <see cref="UnstorableValueException"/> naming the field for text or a number that can't be kept).</exception>
    public static JsonValueKind CheckJson(byte[] body, int maxDepth)
    {
        try
        {
            using var document = Parse(body, maxDepth);
            CheckValues(document.RootElement, "$");
            return document.RootElement.ValueKind;
        }
        catch (JsonException exception)
        {
            throw new BadHttpRequestException(exception.Message, StatusCodes.Status400BadRequest, exception);
        }
    }

    private static JsonDocument Parse(byte[] body, int maxDepth)
    {
        try
        {
            return JsonDocument.Parse(body, new JsonDocumentOptions { MaxDepth = maxDepth, AllowDuplicateProperties = false });
        }
        catch (InvalidOperationException exception)
        {
            // Looking for repeated names reads each name, so an invalid one surfaces here rather than as a JsonException.
            throw new JsonException($"A property name is not valid Unicode ({exception.Message}); send UTF-8 text without unpaired surrogates.", exception);
        }
    }

    private static void CheckValues(JsonElement element, string path)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    var name = ReadString(() => property.Name, path);
                    CheckValues(property.Value, $"{path}.{name}");
                }

                break;
            case JsonValueKind.Array:
                var index = 0;
                foreach (var item in element.EnumerateArray())
                {
                    CheckValues(item, $"{path}[{index++}]");
                }

                break;
            case JsonValueKind.String:
                ReadString(() => element.GetString()!, path);
                break;
            case JsonValueKind.Number:
                if (JsonNumberRange.Problem(path, element) is { } problem)
                {
                    throw new UnstorableValueException(path, problem);
                }

                break;
        }
    }

    private static string ReadString(Func<string> read, string path)
    {
        string text;
        try
        {
            text = read();
        }
        catch (InvalidOperationException exception)
        {
            // Invalid UTF-8 bytes and unpaired \uD800-\uDFFF escapes are caught only when the text is read.
            throw new UnstorableValueException(path, $"A string at or under '{Shorten(path)}' is not valid Unicode ({exception.Message}); send UTF-8 text without unpaired surrogates.");
        }

        if (text.Contains('\0', StringComparison.Ordinal))
        {
            throw new UnstorableValueException(path, $"A string at or under '{Shorten(path)}' holds a NUL character (\\u0000), which can't be stored; remove it.");
        }

        if (StorableText.Problem(path, text) is { } problem)
        {
            throw new UnstorableValueException(path, problem);
        }

        return text;
    }

    private static string Shorten(string path) => path.Length <= 120 ? path : path[..120] + "…";

    private static BadHttpRequestException TooLarge(long limit) =>
        new($"The body is larger than the limit of {limit} bytes.", StatusCodes.Status413PayloadTooLarge);
}
