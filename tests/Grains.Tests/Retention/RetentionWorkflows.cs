using System.Text.Json.Nodes;

namespace OrleansFlows.Grains.Tests.Retention;

/// <summary>Workflow definitions the retention tests publish.</summary>
internal static class RetentionWorkflows
{
    private static JsonObject Input => JsonNode.Parse("""
        {"type":"object","required":["email"],"properties":{"email":{"type":"string"}}}
        """)!.AsObject();

    /// <summary>Stores the lead as a record and completes.</summary>
    public static JsonObject Store() => new()
    {
        ["input"] = Input,
        ["steps"] = JsonNode.Parse("""[{"id":"save","kind":"store"}]"""),
    };

    /// <summary>One call to the <c>enrichment</c> connection, one attempt: a 400 fails the lead.</summary>
    public static JsonObject Enrich() => new()
    {
        ["input"] = Input,
        ["steps"] = JsonNode.Parse("""
            [{"id":"enrich","kind":"http","connection":"enrichment","method":"POST","path":"/enrich","body":{"email":"{{ input.email }}"},
              "timeout":"5s","retry":{"maxAttempts":1,"retryOn":[503]}}]
            """),
    };

    /// <summary>Waits the longest wait a workflow may have, then stores the lead.</summary>
    public static JsonObject Wait() => new()
    {
        ["input"] = Input,
        ["steps"] = JsonNode.Parse("""[{"id":"cool","kind":"wait","duration":"30d"},{"id":"save","kind":"store"}]"""),
    };
}
