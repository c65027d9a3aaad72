using System.Runtime.ExceptionServices;

namespace OrleansFlows.Grains.Expressions;

/// <summary>
/// Runs one evaluator call on its own thread with a large stack, and stops waiting for it after a hard deadline.
/// </summary>
/// <remarks>
/// Jint 2's parser and interpreter recurse once per nesting level, and a <see cref="StackOverflowException"/> can't be
/// caught: it ends the process. The thread's stack is sized so that the longest allowed expression parses and runs
/// with room to spare, and <see cref="ExpressionBudget"/> stops deeper runtime recursion before the stack runs out.
/// The hard deadline is a backstop for a built-in that never returns; such a thread is abandoned (its budget makes it
/// stop at its next check), since .NET can't abort a thread.
/// </remarks>
internal static class SandboxThread
{
    public const int StackBytes = 64 * 1024 * 1024;

    /// <summary>The stack a call may use before <see cref="ExpressionBudget.Check"/> stops it; the rest is headroom for one statement or built-in.</summary>
    public const int UsableStackBytes = 16 * 1024 * 1024;

    public static T Run<T>(ExpressionBudget budget, Func<T> work)
    {
        T? result = default;
        ExceptionDispatchInfo? failure = null;
        var thread = new Thread(
            () =>
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
            },
            StackBytes)
        {
            IsBackground = true,
            Name = "OrleansFlows expression",
        };
        thread.Start();
        if (!thread.Join(budget.HardDeadline))
        {
            budget.Abandon();
            throw ExpressionBudget.Timeout(budget.Options);
        }

        failure?.Throw();
        return result!;
    }
}
