using System.Diagnostics;
using System.Runtime.CompilerServices;

namespace OrleansFlows.Grains.Expressions;

/// <summary>
/// The limits of one evaluator call, shared by every expression the call runs. It is checked at every statement
/// (through <see cref="BudgetConstraint"/>) and at every built-in call (through <see cref="GuardedBuiltins"/>).
/// </summary>
/// <remarks>Used by the one sandbox thread of the call, except <see cref="Abandon"/>, which the caller may call.</remarks>
internal sealed class ExpressionBudget(ExpressionOptions options)
{
    // Set when the call gets its worker (EnterThread) and again by BeginScript, so time queued for a worker never counts;
    // a check between the two is still bounded.
    private long _scriptStart = Stopwatch.GetTimestamp();
    private long _allocationBase;
    private nint _stackBase;
    private int _statements;
    private volatile bool _abandoned;

    public ExpressionOptions Options { get; } = options;

    /// <summary>How long the caller waits for the sandbox thread once it runs: the timeout plus room for engine set-up and first-call JIT.</summary>
    public TimeSpan HardDeadline => Options.Timeout + TimeSpan.FromSeconds(2);

    /// <summary>Time left before <see cref="ExpressionOptions.Timeout"/>, never less than 1 ms (used as a regex match timeout).</summary>
    public TimeSpan Remaining
    {
        get
        {
            var left = Options.Timeout - Stopwatch.GetElapsedTime(_scriptStart);
            return left > TimeSpan.FromMilliseconds(1) ? left : TimeSpan.FromMilliseconds(1);
        }
    }

    /// <summary>Records the stack position of the sandbox thread and starts the clock; called first thing on it, once the call has its worker.</summary>
    public void EnterThread()
    {
        _stackBase = CurrentStackAddress();
        _scriptStart = Stopwatch.GetTimestamp();
    }

    /// <summary>Starts the clock and the allocation count, after the engine and the run data are set up.</summary>
    public void BeginScript()
    {
        _scriptStart = Stopwatch.GetTimestamp();
        _allocationBase = GC.GetAllocatedBytesForCurrentThread();
    }

    /// <summary>Stops the call at its next check; used when the caller gives up waiting.</summary>
    public void Abandon() => _abandoned = true;

    public void OnStatement()
    {
        if (++_statements > Options.MaxStatements)
        {
            throw StatementLimit(Options);
        }

        Check();
    }

    public void Check()
    {
        if (_abandoned || Stopwatch.GetElapsedTime(_scriptStart) > Options.Timeout)
        {
            throw Timeout(Options);
        }

        // Jint recurses on the CLR stack for nested syntax, getters, valueOf/toString and built-ins; the depth is
        // measured here so that such recursion fails as a limit the script can't catch, long before Jint's own stack
        // guard would raise a catchable RangeError or the stack would overflow.
        if (_stackBase - CurrentStackAddress() > SandboxThread.UsableStackBytes)
        {
            throw new ExpressionFailureException(
                ExpressionErrorKind.RecursionLimit,
                $"calls or values nest too deeply for the evaluation stack ({SandboxThread.UsableStackBytes / (1024 * 1024)} MiB)");
        }

        var allocated = Allocated;
        if (allocated > Options.MaxAllocatedBytes)
        {
            throw MemoryLimit(Options, allocated);
        }
    }

    /// <summary>Bytes the call's thread allocated since <see cref="BeginScript"/>.</summary>
    public long Allocated => GC.GetAllocatedBytesForCurrentThread() - _allocationBase;

    public void CheckStringLength(long length, string where)
    {
        if (length > Options.MaxStringLength)
        {
            throw new ExpressionFailureException(
                ExpressionErrorKind.MemoryLimit,
                $"{where} got or made a string of {length} characters; the limit is {Options.MaxStringLength} ({nameof(ExpressionOptions)}.{nameof(ExpressionOptions.MaxStringLength)})");
        }
    }

    public void CheckArrayLength(long length, string where)
    {
        if (length > Options.MaxArrayLength)
        {
            throw new ExpressionFailureException(
                ExpressionErrorKind.MemoryLimit,
                $"{where} got or made an array of {length} elements; the limit is {Options.MaxArrayLength} ({nameof(ExpressionOptions)}.{nameof(ExpressionOptions.MaxArrayLength)})");
        }
    }

    public static ExpressionFailureException Timeout(ExpressionOptions options) => new(
        ExpressionErrorKind.Timeout,
        $"timed out after {options.Timeout.TotalMilliseconds:0.###} ms ({nameof(ExpressionOptions)}.{nameof(ExpressionOptions.Timeout)})");

    /// <summary>The allocation limit; Jint's own memory constraint also counts strings it builds lazily (a concatenation), so the figure is at least the limit.</summary>
    public static ExpressionFailureException MemoryLimit(ExpressionOptions options, long allocated) => new(
        ExpressionErrorKind.MemoryLimit,
        $"allocated {Math.Max(allocated, options.MaxAllocatedBytes + 1) / 1024} KiB; the limit is {options.MaxAllocatedBytes / 1024} KiB ({nameof(ExpressionOptions)}.{nameof(ExpressionOptions.MaxAllocatedBytes)})");

    public static ExpressionFailureException RegexMatchTimeout(ExpressionOptions options) => new(
        ExpressionErrorKind.Timeout,
        $"a regular-expression match ran longer than {options.RegexMatchTimeout.TotalMilliseconds:0.###} ms ({nameof(ExpressionOptions)}.{nameof(ExpressionOptions.RegexMatchTimeout)})");

    public static ExpressionFailureException StatementLimit(ExpressionOptions options) => new(
        ExpressionErrorKind.StatementLimit,
        $"executed more than {options.MaxStatements} statements ({nameof(ExpressionOptions)}.{nameof(ExpressionOptions.MaxStatements)})");

    public static ExpressionFailureException RecursionLimit(ExpressionOptions options) => new(
        ExpressionErrorKind.RecursionLimit,
        $"function calls nested deeper than {options.MaxRecursion} ({nameof(ExpressionOptions)}.{nameof(ExpressionOptions.MaxRecursion)})");

    // The address of a local is the stack position; the sandbox thread's stack grows down from EnterThread's frame.
    // Unsafe.ByteOffset reads it without an unsafe context.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static nint CurrentStackAddress()
    {
        byte marker = 0;
        return Unsafe.ByteOffset(ref Unsafe.NullRef<byte>(), ref marker);
    }
}
