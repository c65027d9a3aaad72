using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;

namespace OrleansFlows.Bench.ApiLeads;

/// <summary>
/// Sends leads as Standard Webhooks (<c>webhook-id</c>, <c>webhook-timestamp</c>, <c>webhook-signature: v1,</c> base64
/// HMAC-SHA256 over <c>{id}.{timestamp}.{body}</c> under the <c>whsec_</c> secret's key), over HTTP/1.1 keep-alive
/// connections from a bounded pool: a request that finds every connection busy waits in the client for one.
/// </summary>
internal sealed class WebhookSender : IDisposable
{
    private static readonly MediaTypeHeaderValue Json = new("application/json");

    private readonly HttpClient _http;
    private readonly string _workflow;
    private readonly Dictionary<string, byte[]> _keys;

    public WebhookSender(LoadPlan plan)
    {
        var handler = new SocketsHttpHandler
        {
            MaxConnectionsPerServer = plan.Connections,
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
            ConnectTimeout = TimeSpan.FromSeconds(10),
            UseCookies = false,
            UseProxy = false,
            AllowAutoRedirect = false,
            AutomaticDecompression = DecompressionMethods.None,
        };
        _http = new HttpClient(handler)
        {
            BaseAddress = plan.Api,
            Timeout = TimeSpan.FromSeconds(60),
            DefaultRequestVersion = HttpVersion.Version11,
            DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };
        _workflow = plan.Workflow;
        _keys = plan.Tenants.ToDictionary(t => t.Id, t => Convert.FromBase64String(t.WebhookSecret["whsec_".Length..]));
    }

    /// <summary>Sends the lead's webhook and records the answer's time and status (never throws for a failed request).</summary>
    public async Task SendAsync(LoadLead lead)
    {
        var timestamp = DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        using var request = new HttpRequestMessage(HttpMethod.Post, $"v1/hooks/{lead.Tenant.Id}/{_workflow}") { Content = new ByteArrayContent(lead.Body) };
        request.Content.Headers.ContentType = Json;
        request.Headers.Add("webhook-id", lead.Reference);
        request.Headers.Add("webhook-timestamp", timestamp);
        request.Headers.Add("webhook-signature", Sign(_keys[lead.Tenant.Id], lead.Reference, timestamp, lead.Body));
        lead.SentTicks = DateTime.UtcNow.Ticks;
        try
        {
            using var response = await _http.SendAsync(request);
            var body = await response.Content.ReadAsStringAsync();
            lead.AckTicks = DateTime.UtcNow.Ticks;
            lead.Status = (int)response.StatusCode;
            if (!lead.Accepted)
            {
                lead.Error = $"{lead.Status}: {(body.Length > 200 ? body[..200] : body)}";
            }
        }
        catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException)
        {
            lead.AckTicks = DateTime.UtcNow.Ticks;
            lead.Status = 0;
            lead.Error = $"{exception.GetType().Name}: {exception.Message}";
        }
    }

    public void Dispose() => _http.Dispose();

    private static string Sign(byte[] key, string id, string timestamp, byte[] body)
    {
        var prefix = Encoding.UTF8.GetBytes($"{id}.{timestamp}.");
        var signed = new byte[prefix.Length + body.Length];
        prefix.CopyTo(signed, 0);
        body.CopyTo(signed, prefix.Length);
        return "v1," + Convert.ToBase64String(HMACSHA256.HashData(key, signed));
    }
}
