using Jint.Parser;
using Jint.Parser.Ast;

namespace OrleansFlows.Grains.Expressions;

/// <summary>Parses tenant text as exactly one JavaScript expression; statements and declarations are refused.</summary>
/// <remarks>Call it on a <see cref="SandboxThread"/>: the parser recurses once per nesting level.</remarks>
internal static class ExpressionParser
{
    /// <summary>Returns the program holding the expression as its only statement; throws <see cref="ExpressionFailureException"/> (syntax).</summary>
    public static Program Parse(string expression, int maxLength)
    {
        if (string.IsNullOrWhiteSpace(expression))
        {
            throw Syntax("the expression is empty");
        }

        if (expression.Length > maxLength)
        {
            throw Syntax($"the expression is {expression.Length} characters long; the limit is {maxLength} ({nameof(ExpressionOptions)}.{nameof(ExpressionOptions.MaxExpressionLength)})");
        }

        // Parenthesized, a statement such as `while (true) {}` or `var x` is a syntax error. The newline ends a trailing
        // `//` comment. Text like `1); while (true) {} (2` still parses, as several statements, so the body is checked too.
        Program program;
        try
        {
            program = new JavaScriptParser().Parse("(" + expression + "\n)", new ParserOptions { Source = "expression" });
        }
        catch (ParserException parser)
        {
            throw Syntax(Locate(parser, expression));
        }

        if (program.Body.Count != 1 || program.Body.First() is not ExpressionStatement)
        {
            throw Syntax("expected a single expression, found statements (an expression can't contain ';' or declarations outside a function)");
        }

        return program;
    }

    private static string Locate(ParserException parser, string expression)
    {
        var description = parser.Description ?? parser.Message;
        var lines = expression.AsSpan().Count('\n') + 1;
        if (parser.LineNumber > lines || (parser.LineNumber == lines && parser.Column > LastLineLength(expression) + (lines == 1 ? 1 : 0)))
        {
            return "unexpected end of the expression";
        }

        // Column 1 of line 1 is the '(' added above.
        var column = parser.LineNumber == 1 ? parser.Column - 1 : parser.Column;
        return $"syntax error at line {parser.LineNumber}, column {Math.Max(1, column)}: {description}";
    }

    private static int LastLineLength(string expression) => expression.Length - (expression.LastIndexOf('\n') + 1);

    private static ExpressionFailureException Syntax(string detail) => new(ExpressionErrorKind.Syntax, detail);
}
