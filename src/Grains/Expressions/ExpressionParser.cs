using Acornima;
using Acornima.Ast;
using Jint;

namespace OrleansFlows.Grains.Expressions;

/// <summary>Parses tenant text as exactly one JavaScript expression; statements and declarations are refused.</summary>
/// <remarks>
/// Call it on a <see cref="SandboxThread"/>: the parser recurses once per nesting level. The result is a prepared
/// script (parsed and analysed once), reusable by every engine and thread; <see cref="PreparedScripts"/> caches it.
/// </remarks>
internal static class ExpressionParser
{
    private const string UnexpectedToken = "Unexpected token ";

    /// <summary>Returns the script holding the expression as its only statement; throws <see cref="ExpressionFailureException"/> (syntax).</summary>
    public static Prepared<Script> Parse(string expression, int maxLength)
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
        Prepared<Script> prepared;
        try
        {
            prepared = Engine.PrepareScript("(" + expression + "\n)", "expression", strict: false);
        }
        catch (ScriptPreparationException preparation) when (preparation.InnerException is ParseErrorException parser)
        {
            throw Syntax(Locate(parser, expression));
        }
        catch (ScriptPreparationException preparation)
        {
            // Jint analyses at most 256 levels of nested syntax ("Script nesting exceeds maximum depth of 256 levels.").
            throw Syntax($"the expression can't be prepared: {(preparation.InnerException ?? preparation).Message.TrimEnd('.')}");
        }

        var program = prepared.Program!;
        if (program.Body.Count != 1 || program.Body[0] is not ExpressionStatement)
        {
            throw Syntax("expected a single expression, found statements (an expression can't contain ';' or declarations outside a function)");
        }

        RefuseBigInts(program);
        return prepared;
    }

    /// <summary>
    /// BigInt arithmetic runs natively, out of reach of every limit (<c>2n ** 99999999n</c> computes for minutes), and
    /// expressions have no use for it; the BigInt global is removed too, so a literal is the only way to make one.
    /// </summary>
    private static void RefuseBigInts(Node root)
    {
        // Iterative: an expression may nest thousands of levels deep.
        var pending = new Stack<Node>();
        pending.Push(root);
        while (pending.TryPop(out var node))
        {
            if (node is BigIntLiteral literal)
            {
                throw Syntax($"syntax error at line {literal.Location.Start.Line}, column {Column(literal.Location.Start.Line, literal.Location.Start.Column)}: BigInt literals are not allowed in expressions");
            }

            foreach (var child in node.ChildNodes)
            {
                pending.Push(child);
            }
        }
    }

    private static string Locate(ParseErrorException parser, string expression)
    {
        // Acornima counts columns from 0; messages count them from 1, as tenants' editors do.
        var description = Describe(parser.Description ?? parser.Message);
        var lines = expression.AsSpan().Count('\n') + 1;
        var column = parser.Column + 1;
        if (parser.LineNumber > lines || (parser.LineNumber == lines && column > LastLineLength(expression) + (lines == 1 ? 1 : 0)))
        {
            return "unexpected end of the expression";
        }

        return $"syntax error at line {parser.LineNumber}, column {Math.Max(1, Column(parser.LineNumber, parser.Column))}: {description}";
    }

    /// <summary>The tenant's column, from 1, of a 0-based column in the parenthesized text: column 0 of line 1 is the '(' added above.</summary>
    private static int Column(int line, int zeroBasedColumn) => line == 1 ? zeroBasedColumn : zeroBasedColumn + 1;

    /// <summary>"Unexpected token '*'" reads as it always has: "Unexpected token *".</summary>
    private static string Describe(string description) =>
        description.StartsWith(UnexpectedToken + "'", StringComparison.Ordinal) && description.EndsWith('\'') && description.Length > UnexpectedToken.Length + 2
            ? UnexpectedToken + description[(UnexpectedToken.Length + 1)..^1]
            : description;

    private static int LastLineLength(string expression) => expression.Length - (expression.LastIndexOf('\n') + 1);

    private static ExpressionFailureException Syntax(string detail) => new(ExpressionErrorKind.Syntax, detail);
}
