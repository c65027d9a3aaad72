namespace OrleansFlows.Grains.Expressions;

/// <summary>
/// A failure raised inside the sandbox (a syntax error or an exhausted limit) before the expression it belongs to is known.
/// It is never visible to scripts: Jint's <c>try</c>/<c>catch</c> only catches JavaScript errors, so a script can't swallow a limit.
/// <see cref="ExpressionErrors"/> turns it into an <see cref="ExpressionException"/>.
/// </summary>
internal sealed class ExpressionFailureException(ExpressionErrorKind kind, string detail) : Exception(detail)
{
    public ExpressionErrorKind Kind { get; } = kind;
}
