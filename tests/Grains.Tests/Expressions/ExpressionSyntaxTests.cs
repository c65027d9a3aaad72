using System.Text.Json.Nodes;
using OrleansFlows.Grains.Expressions;

namespace OrleansFlows.Grains.Tests.Expressions;

public sealed class ExpressionSyntaxTests
{
    [Theory]
    [InlineData("1 + 2")]
    [InlineData("lead.score > 50 && input.tags.indexOf('vip') >= 0")]
    [InlineData("({ a: 1 })")]
    [InlineData("{ a: 1 }")]
    [InlineData("input.items.map(function (i) { var x = i * 2; return x })")]
    [InlineData("input.name // a trailing comment")]
    [InlineData("input\n  .name\n  .toUpperCase()")]
    [InlineData("x => x")]
    [InlineData("input.tags.map(t => `#${t}`).join(' ')")]
    [InlineData("input.address?.city ?? 'unknown'")]
    public void CheckExpression_OneExpression_ReturnsNull(string expression) =>
        Assert.Null(ExpressionSyntax.CheckExpression(expression));

    [Theory]
    [InlineData("1 + * 2", "Syntax error at line 1, column 5: Unexpected token *.")]
    [InlineData("while (true) {}", "Syntax error at line 1, column 1: Unexpected token while.")]
    [InlineData("var x = 1", "Syntax error at line 1, column 1: Unexpected token var.")]
    [InlineData("a;\nb", "Syntax error at line 1, column 2: Unexpected token ;.")]
    [InlineData("input.name +", "Unexpected end of the expression.")]
    [InlineData("a.b(", "Unexpected end of the expression.")]
    [InlineData("1); while (true) {} (2", "Expected a single expression, found statements (an expression can't contain ';' or declarations outside a function).")]
    [InlineData("   ", "The expression is empty.")]
    [InlineData("x => { return x }; 1", "Syntax error at line 1, column 18: Unexpected token ;.")]
    [InlineData("1n + 1", "Syntax error at line 1, column 1: BigInt literals are not allowed in expressions.")]
    public void CheckExpression_Invalid_ReportsProblem(string expression, string expected) =>
        Assert.Equal(expected, ExpressionSyntax.CheckExpression(expression));

    [Fact]
    public void CheckExpression_TooLong_ReportsLimit() =>
        Assert.Equal(
            "The expression is 4097 characters long; the limit is 4096 (ExpressionOptions.MaxExpressionLength).",
            ExpressionSyntax.CheckExpression(new string('1', 4097)));

    /// <summary>Runs on the caller's thread in the API at publish time, so deep nesting must not overflow its stack.</summary>
    [Fact]
    public void CheckExpression_NestedToMaxLength_ReportsNestingLimit() =>
        Assert.Equal(
            "The expression can't be prepared: Script nesting exceeds maximum depth of 256 levels.",
            ExpressionSyntax.CheckExpression(new string('[', 2048) + new string(']', 2048)));

    [Fact]
    public void CheckExpression_NestedWithinJintsDepth_ReturnsNull() =>
        Assert.Null(ExpressionSyntax.CheckExpression(new string('[', 200) + new string(']', 200)));

    [Fact]
    public void CheckTemplate_ValidHoles_ReturnsNull() =>
        Assert.Null(ExpressionSyntax.CheckTemplate("Hi {{ input.name }}, {{ steps.enrich.score * 2 }} {{ '}}' }}"));

    [Fact]
    public void CheckTemplate_NoHoles_ReturnsNull() =>
        Assert.Null(ExpressionSyntax.CheckTemplate("just text }}"));

    [Fact]
    public void CheckTemplate_InvalidHole_ReportsHolePositionAndError() =>
        Assert.Equal(
            "In the hole at position 9: syntax error at line 1, column 6: Unexpected token *.",
            ExpressionSyntax.CheckTemplate("Score is {{ 1 + * 2 }}"));

    [Fact]
    public void CheckTemplate_UnclosedHole_ReportsPosition() =>
        Assert.Equal("Template syntax error: the '{{' at position 3 has no matching '}}'.", ExpressionSyntax.CheckTemplate("Hi {{ input.name"));

    [Fact]
    public void CheckJsonTemplate_InvalidString_ReportsPath()
    {
        var template = JsonNode.Parse("""{"body": {"items": ["ok", "{{ 1 + }}"]}}""");

        Assert.Equal("$.body.items[1]: In the hole at position 0: unexpected end of the expression.", ExpressionSyntax.CheckJsonTemplate(template));
    }

    [Fact]
    public void CheckJsonTemplate_Valid_ReturnsNull() =>
        Assert.Null(ExpressionSyntax.CheckJsonTemplate(JsonNode.Parse("""{"a": "{{ input.name }}", "b": [1, null, "x"]}""")));
}
