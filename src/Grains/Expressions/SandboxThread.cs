using System.Runtime.ExceptionServices;

namespace OrleansFlows.Grains.Expressions;

/// <summary>
/// Starts the thread one evaluator call (or one syntax check) runs on: a fresh thread with a large stack.
/// </summary>
/// <remarks>
/// Jint's parser and interpreter recurse once per nesting level, and a <see cref="StackOverflowException"/> can't be
/// caught: it ends the process. The thread's stack is sized so that the longest allowed expression parses and runs
/// with room to spare, and <see cref="ExpressionBudget"/> stops deeper runtime recursion before the stack runs out.
/// How many run at once, and for which tenant, is <see cref="ExpressionWorkers"/>' decision.
/// </remarks>
internal static class SandboxThread
{
    public const int StackBytes = 64 * 1024 * 1024;

    /// <summary>The stack a call may use before <see cref="ExpressionBudget.Check"/> stops it; the rest is headroom for one statement or built-in.</summary>
    public const int UsableStackBytes = 16 * 1024 * 1024;

    /// <summary>Runs <paramref name="body"/> on a new background thread; <paramref name="body"/> must not throw (an exception escaping a thread ends the process).</summary>
    public static Thread Start(Action body)
    {
        var thread = Create(body);
        thread.Start();
        return thread;
    }

    /// <summary>
    /// Like <see cref="Start"/>, but the thread does not run in the caller's execution context: for a thread kept for
    /// later calls, which must neither carry one call's async-local state (trace, request context) into the next nor
    /// keep what that state refers to alive, the host that started it included, after the host has stopped.
    /// </summary>
    public static Thread StartWithoutContext(Action body)
    {
        var thread = Create(body);
        thread.UnsafeStart();
        return thread;
    }

    /// <summary>
    /// Runs <paramref name="work"/> on a new sandbox thread and waits for it, giving up after the budget's hard deadline.
    /// For syntax checks when a workflow is published: parsing is bounded by the expression's length, so these don't
    /// go through the tenant queues of <see cref="ExpressionWorkers"/>.
    /// </summary>
    public static T Run<T>(ExpressionBudget budget, Func<T> work)
    {
        T? result = default;
        ExceptionDispatchInfo? failure = null;
        var thread = Start(() =>
        {
            budget.EnterThread();
            try
            {
                result = work();
            }
            catch (Exception ex)
            {
                // Carried to the caller; an exception escaping a thread would end the process.
                failure = ExceptionDispatchInfo.Capture(ex);
            }
        });
        if (!thread.Join(budget.HardDeadline))
        {
            budget.Abandon();
            throw ExpressionBudget.Timeout(budget.Options);
        }

        failure?.Throw();
        return result!;
    }

    private static Thread Create(Action body) => new(() => body(), StackBytes)
    {
        IsBackground = true,
        Name = "OrleansFlows expression",
    };
}
