using System.Text.Json.Nodes;
using OrleansFlows.Contracts.Workflows;
using OrleansFlows.Grains.Workflows;
using static OrleansFlows.Grains.Tests.Workflows.WorkflowSamples;

namespace OrleansFlows.Grains.Tests.Workflows;

public sealed class WorkflowDefinitionSerializerTests
{
    [Fact]
    public void ToJson_Definition_WritesCanonicalFormWithDefaultsSpelledOut()
    {
        var definition = Parse(WithSteps(
            """{"id": "crm", "kind": "http", "connection": "crm", "method": "PUT", "path": "/c/{{ input.email }}"}""",
            """{"id": "t", "kind": "transform", "set": {"tier": "lead.score > 50 ? 'hot' : 'cold'"}}"""));

        Assert.Equal(
            """{"input":{"type":"object"},"steps":["""
            + """{"kind":"http","id":"crm","connection":"crm","method":"PUT","path":"/c/{{ input.email }}","timeout":"30s","retry":"""
            + """{"maxAttempts":3,"initialDelay":"1s","backoffFactor":2,"jitter":0.2,"retryOn":[408,429,500,502,503,504]}},"""
            + """{"kind":"transform","id":"t","set":{"tier":"lead.score > 50 ? 'hot' : 'cold'"}}]}""",
            WorkflowDefinitionSerializer.ToJson(definition));
    }

    [Fact]
    public void ToJson_ThenFromJson_RoundTripsTheLeadToCustomerDefinition()
    {
        var json = WorkflowDefinitionSerializer.ToJson(Parse(LeadToCustomer));

        var reread = WorkflowDefinitionSerializer.FromJson(json);

        Assert.Equal(json, WorkflowDefinitionSerializer.ToJson(reread));
        Assert.Equal(json, WorkflowDefinitionSerializer.ToJson(Parse(json)));
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(LeadToCustomer)!["input"], reread.Input));
        Assert.Equal(
            Parse(LeadToCustomer).Walk().Select(s => (s.Path, s.Step.GetType(), s.Step.Id)),
            reread.Walk().Select(s => (s.Path, s.Step.GetType(), s.Step.Id)));
    }

    [Fact]
    public void ToJson_EveryKind_WritesItsDiscriminator()
    {
        var kinds = JsonNode.Parse(WorkflowDefinitionSerializer.ToJson(Parse(LeadToCustomer)))!["steps"]!.AsArray()
            .Select(s => s!["kind"]!.GetValue<string>());

        Assert.Equal(["http", "transform", "branch", "parallel", "notify", "batch"], kinds);
    }

    [Fact]
    public void FromJson_ConnectionNoLongerExists_StillReadsTheDefinition()
    {
        var json = WithSteps("""{"kind": "notify", "id": "n", "connection": "deleted", "text": "{{ (( }}"}""");

        Assert.Equal(new NotifyStep("n", "deleted", "{{ (( }}"), WorkflowDefinitionSerializer.FromJson(json).Steps[0]);
    }

    [Fact]
    public void FromJson_MalformedDefinition_ThrowsWithProblems()
    {
        var exception = Assert.Throws<WorkflowValidationException>(
            () => WorkflowDefinitionSerializer.FromJson(WithSteps("""{"kind": "wait", "id": "w"}""")));

        Assert.Equal("$.steps[0].duration", Assert.Single(exception.Problems).Path);
    }
}
