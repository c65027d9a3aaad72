namespace OrleansFlows.Console.Tests.Support;

/// <summary>The workflow the console tests publish: an enrichment call, a branch, a parallel pair, a store, a notification.</summary>
public static class ConsoleWorkflows
{
    public const string Name = "lead-to-customer";

    /// <summary>The failing step's id, for the retry test.</summary>
    public const string EnrichStep = "enrich";

    public const string LeadToCustomer = """
        {
          "input": {"type":"object","required":["email"],"properties":{"email":{"type":"string"},"name":{"type":"string"}}},
          "steps": [
            {"id":"enrich","kind":"http","connection":"enrichment","method":"POST","path":"/enrich","body":{"email":"{{ input.email }}"},
             "timeout":"5s","retry":{"maxAttempts":2,"initialDelay":"100ms","backoffFactor":1,"jitter":0,"retryOn":[503]}},
            {"id":"route","kind":"branch",
             "cases":[{"when":"lead.score >= 70","steps":[{"id":"hot","kind":"transform","set":{"tier":"'hot'"}}]}],
             "else":[{"id":"warm","kind":"transform","set":{"tier":"'warm'"}}]},
            {"id":"both","kind":"parallel","branches":[
              [{"id":"save","kind":"store"}],
              [{"id":"tag","kind":"transform","set":{"tagged":"true"}}]
            ]},
            {"id":"tell","kind":"notify","connection":"sales","text":"New lead {{ lead.name }} ({{ lead.company }}, {{ lead.tier }})"}
          ]
        }
        """;

    /// <summary>Enriches the lead, then waits an hour before it stores it: a lead that stays under way until it is cancelled.</summary>
    public const string WaitAnHour = """
        {
          "input": {"type":"object","required":["email"],"properties":{"email":{"type":"string"},"name":{"type":"string"}}},
          "steps": [
            {"id":"enrich","kind":"http","connection":"enrichment","method":"POST","path":"/enrich","body":{"email":"{{ input.email }}"}},
            {"id":"cool","kind":"wait","duration":"1h"},
            {"id":"save","kind":"store"}
          ]
        }
        """;
}
