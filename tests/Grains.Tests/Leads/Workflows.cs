using System.Text.Json.Nodes;

namespace OrleansFlows.Grains.Tests.Leads;

/// <summary>Workflow definitions the lead tests publish.</summary>
internal static class Workflows
{
    private static JsonObject Input => JsonNode.Parse("""
        {"type":"object","required":["email"],"properties":{"email":{"type":"string"},"name":{"type":"string"}}}
        """)!.AsObject();

    public static JsonObject LeadToCustomer(int maxAttempts, string timeout = "5s") => new()
    {
        ["input"] = Input,
        ["steps"] = JsonNode.Parse($$$"""
            [
              {"id":"enrich","kind":"http","connection":"enrichment","method":"POST","path":"/enrich?email={{ input.email }}",
               "body":{"email":"{{ input.email }}"},"timeout":"{{{timeout}}}",
               "retry":{"maxAttempts":{{{maxAttempts}}},"initialDelay":"100ms","backoffFactor":2,"jitter":0,"retryOn":[429,500,502,503,504]}},
              {"id":"tier","kind":"transform","set":{"tier":"lead.score >= 50 ? 'hot' : 'cold'"}},
              {"id":"save","kind":"store"},
              {"id":"route","kind":"branch",
               "cases":[{"when":"lead.tier == 'hot'","steps":[
                 {"id":"tell","kind":"notify","connection":"sales","text":"Hot lead: {{ lead.name }} ({{ lead.email }}) (score {{ lead.score }})"}]}],
               "else":[{"id":"tellcold","kind":"notify","connection":"sales","text":"Cold lead: {{ lead.name }} (score {{ lead.score }})"}]}
            ]
            """),
    };

    public static JsonObject Parallel() => new()
    {
        ["input"] = Input,
        ["steps"] = JsonNode.Parse("""
            [
              {"id":"both","kind":"parallel","branches":[
                [{"id":"first","kind":"http","connection":"enrichment","method":"POST","path":"/enrich/a","body":{"email":"{{ input.email }}"}}],
                [{"id":"second","kind":"http","connection":"enrichment","method":"POST","path":"/enrich/b","body":{"email":"{{ input.email }}"}}]
              ]},
              {"id":"tell","kind":"notify","connection":"sales","text":"both done: {{ steps.first.score }} / {{ steps.second.score }}"}
            ]
            """),
    };

    public static JsonObject Waiting(string duration) => new()
    {
        ["input"] = Input,
        ["steps"] = JsonNode.Parse($$$"""
            [
              {"id":"cool","kind":"wait","duration":"{{{duration}}}"},
              {"id":"tell","kind":"notify","connection":"sales","text":"after the wait: {{ lead.name }}"}
            ]
            """),
    };

    /// <summary>One http step: enrich the lead through the <c>enrichment</c> connection.</summary>
    public static JsonObject SingleCall(int maxAttempts = 1, string timeout = "5s", string initialDelay = "100ms") => new()
    {
        ["input"] = Input,
        ["steps"] = JsonNode.Parse($$$"""
            [
              {"id":"enrich","kind":"http","connection":"enrichment","method":"POST","path":"/enrich","body":{"email":"{{ input.email }}"},
               "timeout":"{{{timeout}}}",
               "retry":{"maxAttempts":{{{maxAttempts}}},"initialDelay":"{{{initialDelay}}}","backoffFactor":2,"jitter":0,"retryOn":[429,500,502,503,504]}}
            ]
            """),
    };

    /// <summary>A transform whose one field is <paramref name="expression"/>, then a store step.</summary>
    public static JsonObject Transform(string expression) => new()
    {
        ["input"] = Input,
        ["steps"] = new JsonArray(
            new JsonObject { ["id"] = "shape", ["kind"] = "transform", ["set"] = new JsonObject { ["value"] = expression } },
            new JsonObject { ["id"] = "save", ["kind"] = "store" }),
    };
}
