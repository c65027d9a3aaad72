namespace OrleansFlows.Grains.Expressions;

/// <summary>
/// Limits for tenant expressions and templates (configuration section <c>OrleansFlows:Expressions</c>). Each call to <see cref="ExpressionEvaluator"/> (one expression,
/// or every hole of one template) gets one budget of time, statements and allocation.
/// </summary>
/// <remarks>
/// Jint 2.10.4 has no memory limit. <see cref="MaxAllocatedBytes"/>, <see cref="MaxStringLength"/>,
/// <see cref="MaxArrayLength"/> and <see cref="MaxResultBytes"/> stand in for one; see <see cref="ExpressionEvaluator"/>.
/// </remarks>
public sealed class ExpressionOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "OrleansFlows:Expressions";

    /// <summary>The default of <see cref="MaxExpressionLength"/>, also used by <see cref="ExpressionSyntax"/>.</summary>
    public const int DefaultMaxExpressionLength = 4_096;

    /// <summary>The longest <see cref="MaxExpressionLength"/> allowed: the parser recurses per nesting level, and the evaluation thread's stack is sized for this.</summary>
    public const int MaxExpressionLengthCeiling = 8_192;

    /// <summary>Wall-clock time one call may run. Default 100 ms; between 1 ms and 1 minute.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>JavaScript statements one call may execute. Default 10,000.</summary>
    public int MaxStatements { get; set; } = 10_000;

    /// <summary>How deep JavaScript function calls may nest. Default 64.</summary>
    public int MaxRecursion { get; set; } = 64;

    /// <summary>The largest result of one expression, in bytes of compact UTF-8 JSON. Default 64 KiB.</summary>
    public int MaxResultBytes { get; set; } = 64 * 1024;

    /// <summary>The longest expression (or template hole), in characters. Default 4,096; at most <see cref="MaxExpressionLengthCeiling"/>.</summary>
    public int MaxExpressionLength { get; set; } = DefaultMaxExpressionLength;

    /// <summary>
    /// Bytes one call may allocate on its thread, checked at every statement and every built-in call.
    /// An approximation of a memory limit: it counts garbage too. Default 128 MiB.
    /// </summary>
    public long MaxAllocatedBytes { get; set; } = 128L * 1024 * 1024;

    /// <summary>The longest string a built-in function may receive or return, in characters. Default 100,000.</summary>
    public int MaxStringLength { get; set; } = 100_000;

    /// <summary>The longest array (or array-like <c>length</c>) a built-in function may receive or return. Default 10,000.</summary>
    public int MaxArrayLength { get; set; } = 10_000;
}
