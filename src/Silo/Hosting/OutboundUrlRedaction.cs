using System.Diagnostics;
using OpenTelemetry;

namespace OrleansFlows.Silo.Hosting;

/// <summary>
/// Cuts outbound HTTP spans' URLs down to their origin before they are exported. Workflows build paths and queries
/// from lead data (an email in a path), and a Slack webhook's path is its secret; the host, port and method remain.
/// </summary>
internal sealed class OutboundUrlRedaction : BaseProcessor<Activity>
{
    // HttpClient's own source (System.Net.Http) and the URL tags it and older instrumentation set.
    private const string HttpClientSource = "System.Net.Http";
    private static readonly string[] UrlTags = ["url.full", "http.url"];

    public override void OnEnd(Activity data)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (data.Source.Name != HttpClientSource)
        {
            return;
        }

        foreach (var tag in UrlTags)
        {
            if (data.GetTagItem(tag) is string url)
            {
                data.SetTag(tag, Origin(url));
            }
        }
    }

    /// <summary>The scheme, host and port of <paramref name="url"/>, with <c>/…</c> where a path or query was.</summary>
    /// <remarks>User info (<c>user:password@</c>) is left out with the rest.</remarks>
    internal static string Origin(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri)
            ? $"{uri.Scheme}://{uri.Authority}/{(uri.PathAndQuery is "" or "/" ? "" : "…")}"
            : "…";
}
