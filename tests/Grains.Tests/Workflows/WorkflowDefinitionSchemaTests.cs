using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;
using OrleansFlows.Grains.Workflows;
using static OrleansFlows.Grains.Tests.Workflows.WorkflowSamples;

namespace OrleansFlows.Grains.Tests.Workflows;

/// <summary>The published schema (<c>docs/workflow-definition.schema.json</c>) and the parser agree on samples.</summary>
public sealed class WorkflowDefinitionSchemaTests
{
    private static readonly string SchemaPath =
        Path.Combine(AppContext.BaseDirectory, "Workflows", "workflow-definition.schema.json");

    public static TheoryData<string> ValidSamples() => new()
    {
        LeadToCustomer,
        WithSteps("""{"id": "s", "kind": "store"}"""),
        WithSteps("""{"id": "c", "kind": "http", "connection": "crm", "method": "DELETE", "path": "/v1/{{ input.a ? 'x' : 'y' }}/z?u=https://a@b", "body": [1, "{{ input.a }}"]}"""),
        WithSteps("""{"id": "c", "kind": "http", "connection": "crm", "method": "GET", "path": "/", "timeout": "5m", "retry": {"maxAttempts": 1, "retryOn": []}}"""),
        WithSteps("""{"id": "t", "kind": "transform", "set": {"_x1": "1"}}"""),
        WithSteps("""{"id": "w", "kind": "wait", "duration": "30d"}"""),
        WithSteps("""{"id": "b", "kind": "branch", "cases": [{"when": "true", "steps": [{"id": "x", "kind": "batch"}]}], "else": []}"""),
        WithSteps("""{"id": "e", "kind": "publish", "connection": "events", "exchange": "", "routingKey": "lead.{{ input.region }}", "body": {"email": "{{ input.email }}"}, "timeout": "10s", "retry": {"maxAttempts": 5}}"""),
        """{"input": {}, "steps": [{"id": "s", "kind": "store"}], "trigger": {"kind": "queue", "connection": "events", "queue": "orders"}}""",
        """{"input": {}, "steps": [{"id": "s", "kind": "store"}], "trigger": {"kind": "queue", "connection": "events", "queue": "orders", "prefetch": 1000, "idempotencyKey": "input.orderId"}}""",
    };

    public static TheoryData<string> InvalidSamples() => new()
    {
        """{"input": {}, "steps": []}""",
        """{"input": {}, "steps": [{"id": "s", "kind": "store"}], "extra": true}""",
        """{"steps": [{"id": "s", "kind": "store"}]}""",
        WithSteps("""{"id": "my-step", "kind": "store"}"""),
        WithSteps("""{"id": "s", "kind": "email"}"""),
        WithSteps("""{"id": "s", "kind": "store", "table": "x"}"""),
        WithSteps("""{"id": "c", "kind": "http", "method": "GET", "path": "/x"}"""),
        WithSteps("""{"id": "c", "kind": "http", "connection": "crm", "method": "get", "path": "/x"}"""),
        WithSteps("""{"id": "c", "kind": "http", "connection": "crm", "method": "GET", "path": "//evil.example/x"}"""),
        WithSteps("""{"id": "c", "kind": "http", "connection": "crm", "method": "GET", "path": "x"}"""),
        WithSteps("""{"id": "c", "kind": "http", "connection": "crm", "method": "GET", "path": "/u@evil.example?q=1"}"""),
        WithSteps("""{"id": "c", "kind": "http", "connection": "crm", "method": "GET", "path": "/r/https://evil.example"}"""),
        WithSteps("""{"id": "c", "kind": "http", "connection": "crm", "method": "GET", "path": "/{{ a ? b : c }}@x"}"""),
        WithSteps("""{"id": "c", "kind": "http", "connection": "crm", "method": "GET", "path": "/x", "timeout": "10 s"}"""),
        WithSteps("""{"id": "c", "kind": "http", "connection": "crm", "method": "GET", "path": "/x", "retry": {"maxAttempts": 0}}"""),
        WithSteps("""{"id": "c", "kind": "http", "connection": "crm", "method": "GET", "path": "/x", "retry": {"retryOn": [600]}}"""),
        WithSteps("""{"id": "c", "kind": "http", "connection": "crm", "method": "GET", "path": "/x", "retry": {"retryOn": [500, 500]}}"""),
        WithSteps("""{"id": "c", "kind": "http", "connection": "crm", "method": "GET", "path": "/x", "retry": {"jitter": 2}}"""),
        WithSteps("""{"id": "t", "kind": "transform", "set": {}}"""),
        WithSteps("""{"id": "t", "kind": "transform", "set": {"a-b": "1"}}"""),
        WithSteps("""{"id": "t", "kind": "transform", "set": {"a": " "}}"""),
        WithSteps("""{"id": "b", "kind": "branch", "cases": []}"""),
        WithSteps("""{"id": "b", "kind": "branch", "cases": [{"when": "true", "steps": []}]}"""),
        WithSteps("""{"id": "b", "kind": "branch", "cases": [{"when": "true", "steps": [{"id": "x", "kind": "store"}]}], "else": {}}"""),
        WithSteps("""{"id": "p", "kind": "parallel", "branches": [[{"id": "x", "kind": "store"}]]}"""),
        WithSteps("""{"id": "p", "kind": "parallel", "branches": [[{"id": "x", "kind": "store"}], []]}"""),
        WithSteps("""{"id": "n", "kind": "notify", "connection": "sales-slack", "text": ""}"""),
        WithSteps("""{"id": "n", "kind": "notify", "connection": "sales-slack", "text": """ + "\"" + new string('x', 4001) + "\"}"),
        WithSteps("""{"id": "e", "kind": "publish", "connection": "events", "exchange": "x", "routingKey": "k"}"""),
        WithSteps("""{"id": "e", "kind": "publish", "connection": "events", "routingKey": "k", "body": {}}"""),
        WithSteps("""{"id": "e", "kind": "publish", "connection": "events", "exchange": "x", "routingKey": "k", "body": {}, "priority": 5}"""),
        """{"input": {}, "steps": [{"id": "s", "kind": "store"}], "trigger": {"kind": "queue", "connection": "events", "queue": "orders", "prefetch": 0}}""",
        """{"input": {}, "steps": [{"id": "s", "kind": "store"}], "trigger": {"kind": "queue", "connection": "events", "queue": "orders", "prefetch": 1001}}""",
        """{"input": {}, "steps": [{"id": "s", "kind": "store"}], "trigger": {"kind": "topic", "connection": "events", "queue": "orders"}}""",
        """{"input": {}, "steps": [{"id": "s", "kind": "store"}], "trigger": {"kind": "queue", "connection": "events"}}""",
        """{"input": {}, "steps": [{"id": "s", "kind": "store"}], "trigger": {"kind": "queue", "connection": "events", "queue": "", "autoAck": true}}""",
        """{"input": {}, "steps": [{"id": "s", "kind": "store"}], "trigger": {"kind": "queue", "connection": "events", "queue": "orders", "idempotencyKey": ""}}""",
        WithSteps("""{"id": "w", "kind": "wait"}"""),
        WithSteps("""{"id": "w", "kind": "wait", "duration": "2 days"}"""),
    };

    [Theory]
    [MemberData(nameof(ValidSamples))]
    public void Validate_ValidSample_SchemaAndParserAccept(string json)
    {
        Assert.True(Evaluate(json).IsValid);
        Assert.NotEmpty(Parse(json).Steps);
    }

    [Theory]
    [MemberData(nameof(InvalidSamples))]
    public void Validate_InvalidSample_SchemaAndParserRefuse(string json)
    {
        Assert.False(Evaluate(json).IsValid);
        Assert.NotEmpty(Problems(json));
    }

    [Fact]
    public async Task Schema_PublishedFile_IsDraft07AndDocumentsTheLimits()
    {
        var schema = JsonNode.Parse(await File.ReadAllTextAsync(SchemaPath))!.AsObject();

        Assert.Equal("http://json-schema.org/draft-07/schema#", schema["$schema"]!.GetValue<string>());
        var description = schema["description"]!.GetValue<string>();
        Assert.Contains($"at most {WorkflowLimits.MaxDefinitionBytes} bytes", description, StringComparison.Ordinal);
        Assert.Contains($"at most {WorkflowLimits.MaxSteps} steps", description, StringComparison.Ordinal);
        Assert.Contains($"at most {WorkflowLimits.MaxNestingDepth} levels", description, StringComparison.Ordinal);
        Assert.Contains("30 days is the maximum", schema["definitions"]!["waitStep"]!["description"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    // Built in the dialect its $schema names (draft-07), in a registry of its own so that its $id is registered once.
    private static EvaluationResults Evaluate(string json)
    {
        var schema = JsonSchema.FromFile(SchemaPath, new BuildOptions { SchemaRegistry = new SchemaRegistry() });
        using var document = JsonDocument.Parse(json);
        return schema.Evaluate(document.RootElement);
    }
}
