namespace OrleansFlows.Grains.Expressions;

/// <summary>
/// Limits for tenant expressions and templates (configuration section <c>OrleansFlows:Expressions</c>). Each call to <see cref="ExpressionEvaluator"/> (one expression,
/// or every hole of one template) gets one budget of statements, allocation and time, and runs on one of
/// <see cref="Workers"/> evaluation threads shared fairly between tenants.
/// </summary>
/// <remarks>
/// <para>
/// The statement, recursion and allocation limits are the main guard: they measure the script's own work, so a busy
/// machine doesn't fail a legitimate expression. <see cref="Timeout"/> is a generous wall-clock backstop for what
/// they can't see (a catastrophic regular expression, one costly built-in call). Time spent queued for a worker
/// counts against no limit.
/// </para>
/// <para>
/// <see cref="MaxAllocatedBytes"/> limits what a call allocates; <see cref="MaxStringLength"/>,
/// <see cref="MaxArrayLength"/> and <see cref="MaxResultBytes"/> bound what one built-in call or the result may hold,
/// since built-ins run natively between statement checks; see <see cref="ExpressionEvaluator"/>.
/// </para>
/// </remarks>
public sealed class ExpressionOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "OrleansFlows:Expressions";

    /// <summary>The default of <see cref="MaxExpressionLength"/>, also used by <see cref="ExpressionSyntax"/>.</summary>
    public const int DefaultMaxExpressionLength = 4_096;

    /// <summary>The longest <see cref="MaxExpressionLength"/> allowed: the parser recurses per nesting level, and the evaluation thread's stack is sized for this.</summary>
    public const int MaxExpressionLengthCeiling = 8_192;

    /// <summary>
    /// Wall-clock time one call may run once it has a worker: a backstop, not the main limit (see remarks). Default 5 s,
    /// over a thousand times what the statement limit allows on an idle machine; between 1 ms and 1 minute.
    /// </summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Wall-clock time one regular-expression match may take. The statement limit can't see inside a match, and a
    /// backtracking pattern would otherwise hold its worker until <see cref="Timeout"/>, which stays the bound when it is
    /// shorter. Default 100 ms; between 1 ms and 1 minute.
    /// </summary>
    public TimeSpan RegexMatchTimeout { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>
    /// Evaluation threads (workers) running tenant expressions at once in this process, across tenants. Calls beyond
    /// this wait in their tenant's queue. Default: the number of processors.
    /// </summary>
    public int Workers { get; set; } = Environment.ProcessorCount;

    /// <summary>
    /// The most workers one tenant may hold at once, so that a tenant flooding heavy expressions leaves the others
    /// free for other tenants. Default: half of the default <see cref="Workers"/>, at least 1; at most <see cref="Workers"/>.
    /// </summary>
    public int MaxWorkersPerTenant { get; set; } = Math.Max(1, Environment.ProcessorCount / 2);

    /// <summary>
    /// The most calls of one tenant waiting for a worker; a call beyond it fails at once with
    /// <see cref="ExpressionErrorKind.Busy"/> (retryable). Default 1,000.
    /// </summary>
    public int MaxQueuedPerTenant { get; set; } = 1_000;

    /// <summary>JavaScript statements one call may execute: the main limit on a call's CPU time (10,000 take about 3 ms). Default 10,000.</summary>
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

    /// <summary>
    /// Distinct expressions whose prepared (parsed) script is kept, so each is parsed once rather than at every
    /// evaluation. When full the cache is emptied and refills with the expressions in use. Default 10,000.
    /// </summary>
    public int MaxCachedScripts { get; set; } = 10_000;
}
