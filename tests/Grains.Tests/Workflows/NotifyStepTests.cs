using OrleansFlows.Contracts.Workflows;
using OrleansFlows.Grains.Workflows;
using static OrleansFlows.Grains.Tests.Workflows.WorkflowSamples;

namespace OrleansFlows.Grains.Tests.Workflows;

public sealed class NotifyStepTests
{
    [Fact]
    public void Parse_TextOf4000Characters_IsAccepted()
    {
        var text = new string('x', 4000);

        Assert.Equal(new NotifyStep("n", "sales-slack", text), Parse(WithSteps(Notify("sales-slack", text))).Steps[0]);
    }

    [Fact]
    public void Parse_HttpConnection_ReportsWrongKind() =>
        AssertStepProblem(
            Notify("enrichment", "hi"),
            "$.steps[0].connection",
            "Connection 'enrichment' is an http connection; this step needs a slack connection.");

    [Fact]
    public void Parse_UnknownConnection_ListsTheTenantsSlackConnections() =>
        AssertStepProblem(
            Notify("ops", "hi"), "$.steps[0].connection", "Connection 'ops' does not exist; the tenant's slack connections are: sales-slack.");

    [Fact]
    public void Parse_WithoutConnectionAndText_ReportsBothRequired() =>
        Assert.Equal(
            new[]
            {
                new WorkflowProblem("$.steps[0].connection", "'connection' is required: the name of one of the tenant's slack connections."),
                new WorkflowProblem("$.steps[0].text", "'text' is required: a template such as 'New lead {{ lead.email }}'."),
            },
            Problems(WithSteps("""{"id": "n", "kind": "notify"}""")));

    [Theory]
    [InlineData("")]
    [InlineData(" \t ")]
    public void Parse_BlankText_ReportsEmpty(string text) =>
        AssertStepProblem(Notify("sales-slack", text), "$.steps[0].text", "'text' must not be empty.");

    [Fact]
    public void Parse_TextOver4000Characters_ReportsLength() =>
        AssertStepProblem(
            Notify("sales-slack", new string('x', 4001)), "$.steps[0].text", "'text' is 4001 characters long; the limit is 4000.");

    [Fact]
    public void Parse_TextRefusedByChecker_ReportsCheckerMessage() =>
        AssertStepProblem(Notify("sales-slack", "Lead {{ (( }}"), "$.steps[0].text", "template syntax error");

    [Theory]
    [InlineData("New lead: {{ lead.name }} <{{ lead.email }}>", 27)]
    [InlineData("Open <https://x.example/{{ lead.id }}|open>", 24)]
    [InlineData("<!here> hi <@{{ lead.owner }}> and <#C1|{{ lead.room }}>", 13)]
    public void Parse_HoleInsideTheTextsOwnAngleBrackets_IsRefusedBecauseTheValueWouldBecomeMarkup(string text, int position) =>
        AssertStepProblem(
            Notify("sales-slack", text),
            "$.steps[0].text",
            $"'text' has a '{{{{ }}}}' hole inside '<…>' (at position {position}): a value inside <…> would become Slack markup (a mention or a link); put the hole outside the angle brackets.");

    [Theory]
    [InlineData("<!here> {{ lead.name }}")]
    [InlineData("{{ lead.email }}")]
    [InlineData("New lead: {{ lead.name }} ({{ lead.email }}) <https://crm.example/leads|open the CRM>")]
    [InlineData("score < {{ lead.score }} and never closed")]
    public void Parse_HolesOutsideTheTextsOwnAngleBrackets_AreAccepted(string text) =>
        Assert.Equal(new NotifyStep("n", "sales-slack", text), Parse(WithSteps(Notify("sales-slack", text))).Steps[0]);

    [Fact]
    public void FromJson_StoredTextWithHoleInsideAngleBrackets_StaysReadable()
    {
        var stored = WithSteps(Notify("sales-slack", "New lead: <{{ lead.email }}>"));

        var definition = WorkflowDefinitionSerializer.FromJson(stored);

        Assert.Equal(new NotifyStep("n", "sales-slack", "New lead: <{{ lead.email }}>"), definition.Steps[0]);
    }

    [Fact]
    public void Parse_UnknownProperty_ReportsAllowedProperties() =>
        AssertStepProblem(
            """{"id": "n", "kind": "notify", "connection": "sales-slack", "text": "hi", "channel": "#sales"}""",
            "$.steps[0].channel",
            "Unknown property 'channel' on a step of kind 'notify'; allowed: id, kind, connection, text.");

    private static string Notify(string connection, string text) =>
        $$"""{"id": "n", "kind": "notify", "connection": "{{connection}}", "text": "{{text.Replace("\t", "\\t", StringComparison.Ordinal)}}"}""";
}
