using System.Text.Json.Nodes;
using OrleansFlows.Grains.Expressions;

namespace OrleansFlows.Grains.Tests.Expressions;

public sealed class ExpressionEvaluatorTemplateTests
{
    private readonly ExpressionEvaluator _evaluator = ExpressionTestData.Create();

    [Fact]
    public void RenderTemplate_SeveralHoles_InsertsEachValue()
    {
        var text = _evaluator.RenderTemplate("Hi {{ input.name }}, your score is {{steps.enrich.score}} at {{ lead.company.toUpperCase() }}!", ExpressionTestData.Scope);

        Assert.Equal("Hi Ada, your score is 72 at ANALYTICAL ENGINES!", text);
    }

    [Fact]
    public void RenderTemplate_NonStringValues_InsertsCompactJson()
    {
        var text = _evaluator.RenderTemplate(
            "{{ input.tags }}|{{ input.address }}|{{ input.age + 0.5 }}|{{ true }}|{{ null }}|{{ input.missing }}|{{ ({ name: 'José' }) }}",
            ExpressionTestData.Scope);

        Assert.Equal("""["vip","beta"]|{"city":"London"}|36.5|true|||{"name":"José"}""", text);
    }

    [Fact]
    public void RenderTemplate_StringValue_InsertedAsIs()
    {
        var text = _evaluator.RenderTemplate("<p>{{ '\"quoted\" & <b>bold</b>' }}</p>", ExpressionTestData.Scope);

        Assert.Equal("<p>\"quoted\" & <b>bold</b></p>", text);
    }

    [Fact]
    public void RenderTemplate_NoHoles_ReturnsTextAsIs()
    {
        var template = "Plain text with } and { and a lone }} too";

        Assert.Same(template, _evaluator.RenderTemplate(template, ExpressionTestData.Scope));
    }

    [Theory]
    [InlineData("{{ ({ a: { b: 1 } }).a.b }}", "1")]
    [InlineData("{{ '}}' }}", "}}")]
    [InlineData("{{ '{{' }} literal {{ \"}}\" }}", "{{ literal }}")]
    [InlineData("{{ input.name.replace(/'/g, '') }}", "Ada")]
    [InlineData("[{{ [1, 2].join('}') }}]", "[1}2]")]
    public void RenderTemplate_BracesInsideHole_StayInExpression(string template, string expected) =>
        Assert.Equal(expected, _evaluator.RenderTemplate(template, ExpressionTestData.Scope));

    [Fact]
    public void RenderTemplate_UnclosedHole_ThrowsSyntaxError()
    {
        var exception = Assert.Throws<ExpressionException>(() => _evaluator.RenderTemplate("Hello {{ input.name", ExpressionTestData.Scope));

        Assert.Equal(ExpressionErrorKind.Syntax, exception.Kind);
        Assert.Equal("Expression 'Hello {{ input.name' failed: syntax error in template: the '{{' at position 6 has no matching '}}'", exception.Message);
    }

    [Fact]
    public void RenderTemplate_HoleFails_ReportsThatHolesExpression()
    {
        var exception = Assert.Throws<ExpressionException>(() => _evaluator.RenderTemplate("a {{ input.name }} b {{ nope }} c", ExpressionTestData.Scope));

        Assert.Equal(" nope ", exception.Expression);
        Assert.Equal("Expression 'nope' failed: ReferenceError: nope is not defined", exception.Message);
    }

    [Fact]
    public void RenderTemplate_Holes_ShareOneStatementBudget()
    {
        var evaluator = ExpressionTestData.Create(o => o.MaxStatements = 20);
        var loop = "(function () { for (var i = 0; i < 10; i++) {} return i })()";

        Assert.Equal("10", evaluator.RenderTemplate($"{{{{ {loop} }}}}", ExpressionTestData.Scope));
        var exception = Assert.Throws<ExpressionException>(() => evaluator.RenderTemplate($"{{{{ {loop} }}}} {{{{ {loop} }}}}", ExpressionTestData.Scope));
        Assert.Equal(ExpressionErrorKind.StatementLimit, exception.Kind);
    }

    [Fact]
    public void RenderJson_StringsAndHoles_RendersEveryString()
    {
        var template = JsonNode.Parse("""
            {
              "score": "{{ steps.enrich.score }}",
              "tags": "  {{ input.tags }} ",
              "who": "{{ input.name }} ({{ input.age }})",
              "missing": "{{ input.missing }}",
              "nested": {"list": ["{{ input.address }}", 5, true, null, "plain", "{{ input.age > 30 }}"]},
              "{{ input.name }}": "keys are left alone"
            }
            """);

        var result = _evaluator.RenderJson(template, ExpressionTestData.Scope);

        Assert.Equal(
            """{"score":72,"tags":["vip","beta"],"who":"Ada (36)","missing":null,"nested":{"list":[{"city":"London"},5,true,null,"plain",true]},"{{ input.name }}":"keys are left alone"}""",
            result!.ToJsonString(JsValueConverter.Compact));
    }

    [Fact]
    public void RenderJson_Template_IsNotChanged()
    {
        var template = JsonNode.Parse("""{"a": "{{ input.age }}", "b": [1, {"c": "x"}]}""")!;
        var before = template.ToJsonString();

        var result = _evaluator.RenderJson(template, ExpressionTestData.Scope);

        Assert.Equal(before, template.ToJsonString());
        Assert.NotSame(template, result);
        Assert.Equal("""{"a":36,"b":[1,{"c":"x"}]}""", result!.ToJsonString());
    }

    [Fact]
    public void RenderJson_NoHoles_ReturnsCopy()
    {
        var template = JsonNode.Parse("""{"a": "plain", "b": [1, 2.5, false]}""")!;

        var result = _evaluator.RenderJson(template, ExpressionTestData.Scope);

        Assert.NotSame(template, result);
        Assert.True(JsonNode.DeepEquals(template, result));
    }

    [Fact]
    public void RenderJson_ScalarTemplate_IsRendered()
    {
        Assert.Null(_evaluator.RenderJson(null, ExpressionTestData.Scope));
        Assert.Equal(72, _evaluator.RenderJson(JsonValue.Create("{{ lead.score }}"), ExpressionTestData.Scope)!.GetValue<int>());
        Assert.Equal(3, _evaluator.RenderJson(JsonValue.Create(3), ExpressionTestData.Scope)!.GetValue<int>());
    }

    [Fact]
    public void RenderJson_HoleFails_ThrowsExpressionException()
    {
        var template = JsonNode.Parse("""{"a": ["{{ input.missing.name }}"]}""");

        var exception = Assert.Throws<ExpressionException>(() => _evaluator.RenderJson(template, ExpressionTestData.Scope));

        Assert.Equal(" input.missing.name ", exception.Expression);
        Assert.Equal(ExpressionErrorKind.Runtime, exception.Kind);
    }

    [Fact]
    public void RenderJson_UnclosedHole_ThrowsSyntaxError()
    {
        var template = JsonNode.Parse("""{"a": "{{ input.name"}""");

        var exception = Assert.Throws<ExpressionException>(() => _evaluator.RenderJson(template, ExpressionTestData.Scope));

        Assert.Equal(ExpressionErrorKind.Syntax, exception.Kind);
    }
}
