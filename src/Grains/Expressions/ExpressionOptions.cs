namespace OrleansFlows.Grains.Expressions;

/// <summary>Limits on tenant expressions (configuration section <c>OrleansFlows:Expressions</c>).</summary>
public sealed class ExpressionOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "OrleansFlows:Expressions";

    /// <summary>The longest one evaluation may run. Default 100 ms.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>The most statements one evaluation may execute (function bodies count). Default 10,000.</summary>
    public int MaxStatements { get; set; } = 10_000;

    /// <summary>The deepest call recursion allowed. Default 64.</summary>
    public int MaxRecursion { get; set; } = 64;

    /// <summary>The largest result, in bytes of JSON. Default 64 KiB.</summary>
    public int MaxResultBytes { get; set; } = 64 * 1024;

    /// <summary>The longest expression accepted, in characters. Default 4,096.</summary>
    public int MaxExpressionLength { get; set; } = 4_096;
}
