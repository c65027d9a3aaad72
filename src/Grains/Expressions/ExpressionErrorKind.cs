namespace OrleansFlows.Grains.Expressions;

/// <summary>Why an expression failed; see <see cref="ExpressionException.Kind"/>.</summary>
public enum ExpressionErrorKind
{
    /// <summary>The text is not a single valid JavaScript expression (or template).</summary>
    Syntax,

    /// <summary>The script threw, for example <c>ReferenceError: foo is not defined</c>.</summary>
    Runtime,

    /// <summary>The call ran longer than <see cref="ExpressionOptions.Timeout"/> once it had a worker.</summary>
    Timeout,

    /// <summary>The call executed more than <see cref="ExpressionOptions.MaxStatements"/> statements.</summary>
    StatementLimit,

    /// <summary>Calls or nested values went deeper than <see cref="ExpressionOptions.MaxRecursion"/> or the evaluation thread's stack allows.</summary>
    RecursionLimit,

    /// <summary>The call allocated too much, or a built-in got or made a string or array over its limit.</summary>
    MemoryLimit,

    /// <summary>The result is larger than <see cref="ExpressionOptions.MaxResultBytes"/>.</summary>
    ResultTooLarge,

    /// <summary>The tenant already had <see cref="ExpressionOptions.MaxQueuedPerTenant"/> calls waiting for a worker; the call never ran.</summary>
    Busy,
}
