namespace OrleansFlows.Grains.Expressions;

/// <summary>A tenant expression could not be evaluated; the message says why (syntax, a limit, or a runtime error) and quotes the expression.</summary>
public sealed class ExpressionException : Exception
{
    public ExpressionException(string expression, string reason, Exception? innerException = null)
        : base($"Expression `{Quote(expression)}` failed: {reason}", innerException)
    {
        Expression = expression;
    }

    /// <summary>The expression that failed.</summary>
    public string Expression { get; }

    internal static string Quote(string expression) => expression.Length <= 120 ? expression : expression[..120] + "…";
}
