using OrleansFlows.Contracts.Tenants;
using OrleansFlows.Contracts.Workflows;
using OrleansFlows.Grains.Workflows;

namespace OrleansFlows.Grains.Tests.Workflows;

/// <summary>Sample definitions and a validation context with simple fakes for the expression and schema checkers.</summary>
internal static class WorkflowSamples
{
    /// <summary>The canonical flow: enrich with retries, score, route, store and tell sales, then the nightly batch.</summary>
    public const string LeadToCustomer = """
        {
          "input": {
            "type": "object",
            "required": ["email"],
            "properties": { "email": { "type": "string" }, "name": { "type": "string" } }
          },
          "steps": [
            {
              "id": "enrich", "kind": "http", "connection": "enrichment", "method": "POST",
              "path": "/v1/enrich?email={{ input.email }}",
              "body": { "email": "{{ input.email }}", "source": "landing" },
              "timeout": "10s",
              "retry": { "maxAttempts": 5, "initialDelay": "1s", "backoffFactor": 2.0, "jitter": 0.2, "retryOn": [408, 429, 500, 502, 503, 504] }
            },
            { "id": "score", "kind": "transform", "set": { "score": "steps.enrich.score * 2", "tier": "steps.enrich.score > 50 ? 'hot' : 'cold'" } },
            {
              "id": "route", "kind": "branch",
              "cases": [
                { "when": "lead.score > 50", "steps": [ { "id": "tell_hot", "kind": "notify", "connection": "sales-slack", "text": "Hot lead {{ lead.email }}" } ] }
              ],
              "else": [ { "id": "cooloff", "kind": "wait", "duration": "2h" } ]
            },
            {
              "id": "fanout", "kind": "parallel",
              "branches": [
                [ { "id": "save", "kind": "store" } ],
                [ { "id": "crm", "kind": "http", "connection": "crm", "method": "PUT", "path": "/contacts/{{ input.email }}" } ]
              ]
            },
            { "id": "tell", "kind": "notify", "connection": "sales-slack", "text": "New lead {{ lead.email }} ({{ lead.tier }})" },
            { "id": "nightly", "kind": "batch" }
          ]
        }
        """;

    /// <summary>
    /// The tenant has http connections <c>enrichment</c> and <c>crm</c>, a slack connection <c>sales-slack</c> and a rabbitmq connection <c>events</c>.
    /// Expressions and templates containing <c>((</c> are broken; an input schema with <c>"bogus"</c> is refused.
    /// </summary>
    public static WorkflowValidationContext Context() => new(
        new Dictionary<string, ConnectionKind>
        {
            ["enrichment"] = ConnectionKind.Http,
            ["crm"] = ConnectionKind.Http,
            ["sales-slack"] = ConnectionKind.Slack,
            ["events"] = ConnectionKind.RabbitMq,
        },
        checkExpression: e => e.Contains("((", StringComparison.Ordinal) ? "syntax error" : null,
        checkTemplate: t => t.Contains("((", StringComparison.Ordinal) ? "template syntax error" : null,
        checkInputSchema: s => s.ContainsKey("bogus") ? "'bogus' is not a JSON Schema keyword." : null);

    /// <summary>A definition with a trivial input schema and these steps (JSON objects).</summary>
    public static string WithSteps(params string[] steps) =>
        """{"input":{"type":"object"},"steps":[""" + string.Join(",", steps) + "]}";

    public static WorkflowDefinition Parse(string json) => WorkflowDefinitionParser.Parse(json, Context());

    /// <summary>The problems of a definition that must be refused.</summary>
    public static IReadOnlyList<WorkflowProblem> Problems(string json) =>
        Assert.Throws<WorkflowValidationException>(() => Parse(json)).Problems;

    /// <summary>Asserts that the definition is refused for exactly this one problem.</summary>
    public static void AssertOnlyProblem(string json, string path, string message) =>
        Assert.Equal(new[] { new WorkflowProblem(path, message) }, Problems(json));

    /// <summary>Asserts that a definition holding this one step is refused for exactly this one problem.</summary>
    public static void AssertStepProblem(string step, string path, string message) =>
        AssertOnlyProblem(WithSteps(step), path, message);
}
