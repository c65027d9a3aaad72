using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using OrleansFlows.Contracts.Tenants;
using OrleansFlows.Grains.Expressions;

namespace OrleansFlows.Grains.Steps;

/// <summary>
/// Builds a step's request URL so that it can never leave its connection's host: every substituted value is
/// percent-encoded, the path is joined to the base URL as text, and the result must keep the base's scheme, host and port.
/// </summary>
internal static partial class RequestUrls
{
    public static async Task<string> RenderPathAsync(string template, ExpressionEvaluator expressions, TenantId tenant, ExpressionScope scope, CancellationToken cancellationToken)
    {
        var path = new StringBuilder();
        var last = 0;
        foreach (Match hole in Hole().Matches(template))
        {
            path.Append(template, last, hole.Index - last);
            var value = await expressions.EvaluateAsync(tenant, hole.Groups[1].Value, scope, cancellationToken);
            var text = value is JsonValue scalar && scalar.TryGetValue<string>(out var s) ? s : value?.ToJsonString() ?? "";
            path.Append(Uri.EscapeDataString(text));
            last = hole.Index + hole.Length;
        }

        return path.Append(template, last, template.Length - last).ToString();
    }

    /// <exception cref="StepConfigurationException">The result would change the connection's scheme, host or port.</exception>
    public static Uri Join(string baseUrl, string path)
    {
        var url = new Uri(baseUrl.TrimEnd('/') + path, UriKind.Absolute);
        var origin = new Uri(baseUrl, UriKind.Absolute);
        if (url.Scheme != origin.Scheme || url.Host != origin.Host || url.Port != origin.Port)
        {
            throw new StepConfigurationException($"The rendered path would leave the connection's host {origin.Host}; the request was not sent.");
        }

        return url;
    }

    [GeneratedRegex(@"\{\{(.*?)\}\}", RegexOptions.Singleline)]
    private static partial Regex Hole();
}
