using Jint.Parser;

namespace OrleansFlows.Grains.Expressions;

/// <summary>Checks expressions and templates when a workflow is published, without running them.</summary>
public static class ExpressionSyntax
{
    /// <summary>Null when <paramref name="expression"/> parses as one JavaScript expression; otherwise what is wrong.</summary>
    public static string? CheckExpression(string expression)
    {
        if (string.IsNullOrWhiteSpace(expression))
        {
            return "The expression is empty.";
        }

        try
        {
            // Parenthesised, a statement list or a declaration can't parse: only a single expression can.
            new JavaScriptParser().Parse("(" + expression + "\n)");
            return null;
        }
        catch (ParserException exception)
        {
            return $"Not a valid expression: {exception.Description} (column {Math.Max(1, exception.Column - 1)}).";
        }
    }

    /// <summary>Null when every <c>{{ expression }}</c> hole of the template parses; otherwise what is wrong with the first bad one.</summary>
    public static string? CheckTemplate(string template)
    {
        var holes = TemplateHoles.Find(template);
        if (holes.Unclosed is { } position)
        {
            return $"The template opens '{{{{' at position {position} without a closing '}}}}'.";
        }

        foreach (var hole in holes.Expressions)
        {
            if (CheckExpression(hole) is { } error)
            {
                return $"In '{{{{ {ExpressionException.Quote(hole.Trim())} }}}}': {error}";
            }
        }

        return null;
    }
}
