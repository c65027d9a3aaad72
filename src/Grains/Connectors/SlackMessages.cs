using System.Text;
using System.Text.Json.Nodes;

namespace OrleansFlows.Grains.Connectors;

/// <summary>The one shape of a Slack incoming-webhook post, shared by <c>notify</c> steps and reconciliation summaries.</summary>
internal static class SlackMessages
{
    /// <summary>A post of <paramref name="text"/>, which must already be Slack text (see <see cref="SlackText"/>).</summary>
    public static HttpRequestMessage Create(string webhookUrl, string text) => new(HttpMethod.Post, webhookUrl)
    {
        Content = new StringContent(new JsonObject { ["text"] = text }.ToJsonString(), Encoding.UTF8, "application/json"),
    };
}
