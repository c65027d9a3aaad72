using OrleansFlows.Grains.Expressions;

namespace OrleansFlows.Grains.Tests.Expressions;

public sealed class TemplateParserTests
{
    [Fact]
    public void TryParse_TextAndHoles_SplitsInOrder()
    {
        var segments = TemplateParser.TryParse("Hi {{ a }}!{{b}}", out var error);

        Assert.Null(error);
        Assert.Equal(
            [new TemplateSegment("Hi ", false, 0), new TemplateSegment(" a ", true, 3), new TemplateSegment("!", false, 10), new TemplateSegment("b", true, 11)],
            segments);
    }

    [Theory]
    [InlineData("{{ {a: {b: 1}} }}", " {a: {b: 1}} ")]
    [InlineData("{{ '}}' }}", " '}}' ")]
    [InlineData("{{ \"\\\"}}\" }}", " \"\\\"}}\" ")]
    [InlineData("{{ s.replace(/[}']/g, '') }}", " s.replace(/[}']/g, '') ")]
    [InlineData("{{ a / b }}", " a / b ")]
    public void TryParse_ClosingBracesInsideLiterals_AreKept(string template, string expression)
    {
        var segments = TemplateParser.TryParse(template, out _);

        Assert.Equal([new TemplateSegment(expression, true, 0)], segments);
    }

    [Theory]
    [InlineData("{{ a ")]
    [InlineData("x {{ '}} ")]
    [InlineData("{{ {a: 1 }}")]
    public void TryParse_UnclosedHole_ReturnsError(string template)
    {
        var segments = TemplateParser.TryParse(template, out var error);

        Assert.Null(segments);
        Assert.EndsWith("has no matching '}}'", error);
    }

    [Theory]
    [InlineData("{{ a }}", true)]
    [InlineData("  {{ a }}\n", true)]
    [InlineData("x{{ a }}", false)]
    [InlineData("{{ a }}{{ b }}", false)]
    [InlineData("plain", false)]
    public void IsSingleHole_Template_TellsWhetherOnlyOneHole(string template, bool expected)
    {
        var segments = TemplateParser.TryParse(template, out _)!;

        Assert.Equal(expected, TemplateParser.IsSingleHole(segments, out _));
    }
}
