using System.Text.Json.Nodes;

namespace OrleansFlows.Cluster.Tests.Hosting;

/// <summary>Workflow definitions the cluster tests publish.</summary>
internal static class ClusterWorkflows
{
    private static JsonObject Input => JsonNode.Parse("""
        {"type":"object","required":["email"],"properties":{"email":{"type":"string"},"name":{"type":"string"}}}
        """)!.AsObject();

    /// <summary>Enrich through the <c>enrichment</c> connection, then post the lead to Slack through <c>sales</c>.</summary>
    public static JsonObject EnrichThenNotify(string timeout) => new()
    {
        ["input"] = Input,
        ["steps"] = JsonNode.Parse($$$"""
            [
              {"id":"enrich","kind":"http","connection":"enrichment","method":"POST","path":"/enrich","body":{"email":"{{ input.email }}"},
               "timeout":"{{{timeout}}}",
               "retry":{"maxAttempts":5,"initialDelay":"100ms","backoffFactor":2,"jitter":0,"retryOn":[429,500,502,503,504]}},
              {"id":"tell","kind":"notify","connection":"sales","text":"lead {{ input.email }} scored {{ lead.score }}"}
            ]
            """),
    };

    /// <summary>Wait for <paramref name="duration"/>, then post the lead to Slack through <c>sales</c>.</summary>
    public static JsonObject Waiting(string duration) => new()
    {
        ["input"] = Input,
        ["steps"] = JsonNode.Parse($$$"""
            [
              {"id":"cool","kind":"wait","duration":"{{{duration}}}"},
              {"id":"tell","kind":"notify","connection":"sales","text":"after the wait: {{ input.email }}"}
            ]
            """),
    };
}
