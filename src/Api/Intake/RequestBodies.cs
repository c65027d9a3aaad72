using System.Net.Http.Headers;

namespace OrleansFlows.Api.Intake;

/// <summary>Reads a raw JSON body with the size limit, for endpoints that must hash or sign-check the exact bytes.</summary>
internal static class RequestBodies
{
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

    private static BadHttpRequestException TooLarge(long limit) =>
        new($"The body is larger than the limit of {limit} bytes.", StatusCodes.Status413PayloadTooLarge);
}
