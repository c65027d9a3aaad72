using System.Text.Json.Nodes;
using OrleansFlows.Grains.Steps;

namespace OrleansFlows.Grains.Connectors;

/// <summary>The one shape of a Slack incoming-webhook post, shared by <c>notify</c> steps and reconciliation summaries.</summary>
internal static class SlackMessages
{
    public static HttpRequestMessage Create(string webhookUrl, string text) => new(HttpMethod.Post, webhookUrl)
    {
        Content = OutboundCall.JsonContent(new JsonObject { ["text"] = text }.ToJsonString()),
    };
}
