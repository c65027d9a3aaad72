namespace OrleansFlows.Grains.Expressions;

/// <summary>
/// A tenant expression or template could not be evaluated. <see cref="Kind"/> says why; the message says what failed,
/// names the limit when one was hit, and quotes the (truncated) expression.
/// </summary>
/// <remarks>
/// Every failure of tenant code surfaces as this exception: syntax errors, script errors and exhausted limits.
/// Misuse by the caller (a <see langword="null"/> argument) throws the usual <see cref="ArgumentException"/>.
/// </remarks>
public sealed class ExpressionException : Exception
{
    private const int QuotedExpressionLength = 120;

    /// <summary>A runtime failure of <paramref name="expression"/>; <paramref name="detail"/> says what failed.</summary>
    public ExpressionException(string expression, string detail, Exception? innerException = null)
        : this(ExpressionErrorKind.Runtime, expression, detail, innerException)
    {
    }

    internal ExpressionException(ExpressionErrorKind kind, string expression, string detail, Exception? innerException = null)
        : base($"Expression '{Quote(expression)}' failed: {detail}", innerException)
    {
        Kind = kind;
        Expression = expression;
        Detail = detail;
    }

    /// <summary>Why the expression failed.</summary>
    public ExpressionErrorKind Kind { get; }

    /// <summary>
    /// Whether another attempt may succeed: a timeout (the backstop is wall-clock time, which a busy machine can spend on
    /// a legitimate expression) or a full queue. Every other kind fails the same way each time.
    /// </summary>
    public bool IsTransient => Kind is ExpressionErrorKind.Timeout or ExpressionErrorKind.Busy;

    /// <summary>The expression (for a template, the hole) that failed, in full.</summary>
    public string Expression { get; }

    /// <summary>What failed, without the expression: for example <c>ReferenceError: foo is not defined</c>.</summary>
    public string Detail { get; }

    internal static string Quote(string expression)
    {
        var oneLine = expression.ReplaceLineEndings(" ").Trim();
        return oneLine.Length <= QuotedExpressionLength ? oneLine : string.Concat(oneLine.AsSpan(0, QuotedExpressionLength), "…");
    }
}
