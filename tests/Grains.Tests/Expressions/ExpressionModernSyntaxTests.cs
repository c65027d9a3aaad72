using OrleansFlows.Grains.Expressions;

namespace OrleansFlows.Grains.Tests.Expressions;

/// <summary>The syntax of ES2015 and later that expressions may use since the engine is Jint 4.</summary>
public sealed class ExpressionModernSyntaxTests
{
    private readonly ExpressionEvaluator _evaluator = ExpressionTestData.Create();

    [Theory]
    [InlineData("input.tags.map(t => t.toUpperCase())", """["VIP","BETA"]""")]
    [InlineData("[1, 2, 3].filter(n => n % 2).reduce((sum, n) => sum + n, 0)", "4")]
    [InlineData("(({ name, age }) => `${name} is ${age}`)(input)", "\"Ada is 36\"")]
    [InlineData("`Hi ${input.name}, score ${steps.enrich.score * 2}`", "\"Hi Ada, score 144\"")]
    [InlineData("`multi\nline`", "\"multi\\nline\"")]
    [InlineData("input.address?.city", "\"London\"")]
    [InlineData("input.missing?.city", "null")]
    [InlineData("input.missing?.deep.deeper()", "null")]
    [InlineData("input.tags?.[1]", "\"beta\"")]
    [InlineData("input.nothing?.()", "null")]
    [InlineData("input.missing ?? 'fallback'", "\"fallback\"")]
    [InlineData("0 ?? 'fallback'", "0")]
    [InlineData("'' ?? 'fallback'", "\"\"")]
    [InlineData("input.address?.zip ?? lead.company", "\"Analytical Engines\"")]
    [InlineData("({ ...input.address, zip: 'N1' })", """{"city":"London","zip":"N1"}""")]
    [InlineData("[...input.tags, 'new']", """["vip","beta","new"]""")]
    [InlineData("(() => { const [first, ...rest] = input.tags; let n = rest.length; return { first, n } })()", """{"first":"vip","n":1}""")]
    [InlineData("Object.entries({ a: 1, b: 2 }).map(([k, v]) => k + v).join()", "\"a1,b2\"")]
    [InlineData("input.tags.includes('vip') && 'abc'.startsWith('a')", "true")]
    [InlineData("new Set(['a', 'b', 'a']).size", "2")]
    [InlineData("2 ** 10", "1024")]
    [InlineData("'x'.padStart(3, '-') + 'ab'.repeat(2)", "\"--xabab\"")]
    public void Evaluate_ModernSyntax_ReturnsJsonValue(string expression, string expectedJson)
    {
        var result = _evaluator.Evaluate(expression, ExpressionTestData.Scope);

        Assert.Equal(expectedJson, result is null ? "null" : result.ToJsonString(JsValueConverter.Compact));
    }

    [Fact]
    public void RenderTemplate_HoleWithTemplateLiteralAndArrow_Renders()
    {
        var text = _evaluator.RenderTemplate("Tags: {{ input.tags.map(t => `#${t}`).join(' ') }} from {{ input.address?.city ?? 'nowhere' }}", ExpressionTestData.Scope);

        Assert.Equal("Tags: #vip #beta from London", text);
    }

    [Fact]
    public void EvaluateCondition_OptionalChainOnMissingData_IsFalse() =>
        Assert.False(_evaluator.EvaluateCondition("input.missing?.score > 50", ExpressionTestData.Scope));

    [Fact]
    public void Evaluate_ArrowFunctionLoop_StillStoppedByStatementLimit()
    {
        var exception = Assert.Throws<ExpressionException>(() => _evaluator.Evaluate("(() => { for (;;) {} })()", ExpressionTestData.Scope));

        Assert.Equal(ExpressionErrorKind.StatementLimit, exception.Kind);
    }

    [Theory]
    [InlineData("(function* () {}).constructor('return 1')")]
    [InlineData("(async () => {}).constructor('return 1')")]
    public void Evaluate_OtherFunctionConstructors_RefuseCodeFromStrings(string expression)
    {
        var exception = Assert.Throws<ExpressionException>(() => _evaluator.Evaluate(expression, ExpressionTestData.Scope));

        Assert.Equal(ExpressionErrorKind.Runtime, exception.Kind);
    }

    [Fact]
    public void Evaluate_SameExpressionTwice_ParsedOnce()
    {
        var evaluator = ExpressionTestData.Create();

        evaluator.Evaluate("input.name + '!'", ExpressionTestData.Scope);
        evaluator.Evaluate("input.name + '!'", ExpressionTestData.Scope);
        evaluator.Evaluate("input.name + '?'", ExpressionTestData.Scope);

        Assert.Equal(2, evaluator.Scripts.Count);
    }

    [Fact]
    public void Evaluate_MoreExpressionsThanTheCacheHolds_KeepsItBounded()
    {
        var evaluator = ExpressionTestData.Create(o => o.MaxCachedScripts = 3);

        for (var i = 0; i < 10; i++)
        {
            Assert.Equal(i, evaluator.Evaluate($"{i} + 0", ExpressionTestData.Scope)!.GetValue<int>());
        }

        Assert.InRange(evaluator.Scripts.Count, 1, 3);
    }
}
