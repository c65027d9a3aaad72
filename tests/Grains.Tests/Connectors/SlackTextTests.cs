using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using OrleansFlows.Grains.Connectors;
using OrleansFlows.Grains.Expressions;

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
    public void Render_ValuesWithMarkup_EscapesValuesAndKeepsTheTemplatesOwnMarkup()
    {
        var scope = Scope("""{"name":"<!channel> <https://evil.example|Reset your password>","email":"a&b@example.com","score":80}""");

        var text = SlackText.Render("<!here> Hot lead: {{ lead.name }} <{{ lead.email }}> (score {{ lead.score }})", _expressions, scope);

        Assert.Equal("<!here> Hot lead: &lt;!channel&gt; &lt;https://evil.example|Reset your password&gt; <a&amp;b@example.com> (score 80)", text);
    }

    [Fact]
    public void Render_NonStringValues_WritesThemAsTheEvaluatorDoesThenEscapes()
    {
        var scope = Scope("""{"tags":["<b>"],"missing":null}""");

        Assert.Equal("tags: [\"&lt;b&gt;\"], none: .", SlackText.Render("tags: {{ lead.tags }}, none: {{ lead.missing }}.", _expressions, scope));
    }

    [Fact]
    public void Render_HoleWithBracesInAString_IsRenderedWhole() =>
        Assert.Equal("a }} b &lt;", SlackText.Render("a {{ '}}' }} b {{ '<' }}", _expressions, ExpressionScope.Empty));

    [Fact]
    public void Render_UnclosedHole_ThrowsTheTemplateSyntaxError()
    {
        var ex = Assert.Throws<ExpressionException>(() => SlackText.Render("Hi {{ lead.name", _expressions, ExpressionScope.Empty));

        Assert.Equal("Expression 'Hi {{ lead.name' failed: syntax error in template: the '{{' at position 3 has no matching '}}'", ex.Message);
    }

    private static ExpressionScope Scope(string lead) => new(null, new JsonObject(), JsonNode.Parse(lead)!.AsObject());
}
