using OrleansFlows.Grains.Queues;
using OrleansFlows.Grains.Workflows;
using static OrleansFlows.Grains.Tests.Workflows.WorkflowSamples;

namespace OrleansFlows.Grains.Tests.RabbitMq;

/// <summary>A definition's queue trigger: parsed with its defaults, kept by the canonical form, and each wrong field named.</summary>
public sealed class QueueTriggerParserTests
{
    private static string WithTrigger(string trigger) =>
        """{"input":{"type":"object"},"steps":[{"id":"s","kind":"store"}],"trigger":""" + trigger + "}";

    [Fact]
    public void Parse_MinimalTrigger_DefaultsThePrefetchAndKeepsItThroughTheCanonicalForm()
    {
        var definition = Parse(WithTrigger("""{"kind":"queue","connection":"events","queue":"orders"}"""));

        Assert.Equal(new QueueTrigger("queue", "events", "orders", QueueTrigger.DefaultPrefetch, null), definition.Trigger);
        var stored = WorkflowDefinitionSerializer.FromJson(WorkflowDefinitionSerializer.ToJson(definition));
        Assert.Equal(definition.Trigger, stored.Trigger);
        Assert.Contains("\"prefetch\":20", WorkflowDefinitionSerializer.ToJson(definition), StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_NoTrigger_HasNoneAndTheCanonicalFormHasNoTriggerField()
    {
        var definition = Parse(WithSteps("""{"id":"s","kind":"store"}"""));

        Assert.Null(definition.Trigger);
        Assert.DoesNotContain("trigger", WorkflowDefinitionSerializer.ToJson(definition), StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_TriggerOnAnHttpConnection_IsRefusedNamingTheConnection() =>
        AssertOnlyProblem(
            WithTrigger("""{"kind":"queue","connection":"crm","queue":"orders"}"""),
            "$.trigger.connection",
            "Connection 'crm' is of kind http; a queue trigger needs a rabbitmq connection.");

    [Fact]
    public void Parse_TriggerOnAnUnknownConnection_ListsTheTenantsRabbitMqConnections() =>
        AssertOnlyProblem(
            WithTrigger("""{"kind":"queue","connection":"other-tenants","queue":"orders"}"""),
            "$.trigger.connection",
            "Connection 'other-tenants' does not exist; the tenant's rabbitmq connections are: events.");

    [Fact]
    public void Parse_EveryFieldWrong_ReportsEachByPath()
    {
        var problems = Problems(WithTrigger("""{"kind":"stream","connection":7,"queue":"","prefetch":1001,"idempotencyKey":"((","ack":"auto"}"""));

        Assert.Equal(
            ["$.trigger.ack", "$.trigger.connection", "$.trigger.idempotencyKey", "$.trigger.kind", "$.trigger.prefetch", "$.trigger.queue"],
            problems.Select(p => p.Path).Order(StringComparer.Ordinal));
    }
}
