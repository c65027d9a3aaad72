using System.Text.Json.Nodes;

namespace OrleansFlows.Grains.Tests.Reconciliation;

/// <summary>Workflow definitions the reconciliation tests publish.</summary>
internal static class ReconciliationWorkflows
{
    private const string Input = """
        {"type":"object","required":["email"],"properties":{"email":{"type":"string"},"amount":{"type":"number"}}}
        """;

    /// <summary>Hands every lead to the nightly batch at once.</summary>
    public static JsonObject BatchOnly() => new()
    {
        ["input"] = JsonNode.Parse(Input),
        ["steps"] = JsonNode.Parse("""[{"id":"hand","kind":"batch"}]"""),
    };

    /// <summary>Enriches the lead (one attempt; 503 is retryable, 400 is not), then hands it to the batch.</summary>
    public static JsonObject EnrichThenBatch(string timeout = "5s") => new()
    {
        ["input"] = JsonNode.Parse(Input),
        ["steps"] = JsonNode.Parse($$$"""
            [
              {"id":"enrich","kind":"http","connection":"enrichment","method":"POST","path":"/enrich","body":{"email":"{{ input.email }}"},
               "timeout":"{{{timeout}}}","retry":{"maxAttempts":1,"retryOn":[503]}},
              {"id":"hand","kind":"batch"}
            ]
            """),
    };
}
