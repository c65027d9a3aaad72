using System.Globalization;
using System.Net.Http.Headers;
using OrleansFlows.Contracts.Webhooks;

namespace OrleansFlows.Api.Tests.Support;

/// <summary>Builds webhook deliveries signed as a Standard Webhooks sender signs them.</summary>
internal static class SignedWebhook
{
    /// <summary>A delivery of <paramref name="body"/> signed with <paramref name="secret"/>; a fresh id and the current time unless given.</summary>
    public static HttpRequestMessage Create(string path, string secret, byte[] body, string? id = null, DateTimeOffset? at = null)
    {
        id ??= "msg_" + Guid.NewGuid().ToString("N");
        var timestamp = (at ?? DateTimeOffset.UtcNow).ToUnixTimeSeconds();
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.Add(StandardWebhookSignature.IdHeader, id);
        request.Headers.Add(StandardWebhookSignature.TimestampHeader, timestamp.ToString(CultureInfo.InvariantCulture));
        request.Headers.Add(StandardWebhookSignature.SignatureHeader, StandardWebhookSignature.Sign(secret, id, timestamp, body));
        return request;
    }
}
