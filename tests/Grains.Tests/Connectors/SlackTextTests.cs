using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using OrleansFlows.Grains.Connectors;
using OrleansFlows.Grains.Expressions;
using OrleansFlows.Grains.Tests.Expressions;

namespace OrleansFlows.Grains.Tests.Connectors;

public sealed class SlackTextTests
{
    // A generous time limit: the first call compiles the engine, which a busy machine can make slow.
    private readonly ExpressionEvaluator _expressions = new(Options.Create(new ExpressionOptions { Timeout = TimeSpan.FromSeconds(5) }));

    [Theory]
    [InlineData("Ada", "Ada")]
    [InlineData("<!channel>", "&lt;!channel&gt;")]
    [InlineData("<https://evil.example|Reset your password>", "&lt;https://evil.example|Reset your password&gt;")]
    [InlineData("Tom & Jerry", "Tom &amp; Jerry")]
    [InlineData("&lt; stays visible", "&amp;lt; stays visible")]
    public void Escape_Value_EscapesAmpersandAndAngleBrackets(string value, string escaped) =>
        Assert.Equal(escaped, SlackText.Escape(value));

    [Fact]
    public async Task Render_ValuesWithMarkup_EscapesValuesAndKeepsTheTemplatesOwnMarkup()
    {
        var scope = Scope("""{"name":"<!channel> <https://evil.example|Reset your password>","email":"a&b@example.com","score":80}""");

        var text = await SlackText.RenderAsync(_expressions, ExpressionTestData.Tenant, "<!here> Hot lead: {{ lead.name }} ({{ lead.email }}) (score {{ lead.score }})", scope, CancellationToken.None);

        Assert.Equal("<!here> Hot lead: &lt;!channel&gt; &lt;https://evil.example|Reset your password&gt; (a&amp;b@example.com) (score 80)", text);
    }

    [Theory]
    [InlineData("<!channel> {{ lead.email }}", null)]
    [InlineData("New lead: {{ lead.name }} <{{ lead.email }}>", 27)]
    [InlineData("<https://x.example/{{ lead.id }}|open>", 19)]
    [InlineData("<mailto:{{ '>' }}|mail>", 8)]
    [InlineData("<a <{{ lead.x }}>", 4)]
    [InlineData("<a> {{ lead.x }} <b>", null)]
    [InlineData("a < {{ lead.x }}", null)]
    [InlineData("<{{ lead.x }}", null)]
    [InlineData("{{ lead.x }} > <!here>", null)]
    [InlineData("<{{ lead.x ", null)]
    public void FindHoleInsideMarkup_Template_FindsTheFirstHoleBetweenALiteralLessThanAndItsGreaterThan(string template, int? position) =>
        Assert.Equal(position, SlackText.FindHoleInsideMarkup(template)?.Position);

    [Fact]
    public async Task Render_NonStringValues_WritesThemAsTheEvaluatorDoesThenEscapes()
    {
        var scope = Scope("""{"tags":["<b>"],"missing":null}""");

        Assert.Equal("tags: [\"&lt;b&gt;\"], none: .", await SlackText.RenderAsync(_expressions, ExpressionTestData.Tenant, "tags: {{ lead.tags }}, none: {{ lead.missing }}.", scope, CancellationToken.None));
    }

    [Fact]
    public async Task Render_HoleWithBracesInAString_IsRenderedWhole() =>
        Assert.Equal("a }} b &lt;", await SlackText.RenderAsync(_expressions, ExpressionTestData.Tenant, "a {{ '}}' }} b {{ '<' }}", ExpressionScope.Empty, CancellationToken.None));

    [Fact]
    public async Task Render_UnclosedHole_ThrowsTheTemplateSyntaxError()
    {
        var ex = await Assert.ThrowsAsync<ExpressionException>(() => SlackText.RenderAsync(_expressions, ExpressionTestData.Tenant, "Hi {{ lead.name", ExpressionScope.Empty, CancellationToken.None));

        Assert.Equal("Expression 'Hi {{ lead.name' failed: syntax error in template: the '{{' at position 3 has no matching '}}'", ex.Message);
    }

    private static ExpressionScope Scope(string lead) => new(null, new JsonObject(), JsonNode.Parse(lead)!.AsObject());
}
