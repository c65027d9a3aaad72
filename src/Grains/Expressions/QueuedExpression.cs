namespace OrleansFlows.Grains.Expressions;

/// <summary>One evaluator call waiting for, or running on, a worker; its caller awaits <see cref="Completion"/>.</summary>
/// <remarks>
/// The budget's clock starts when the call gets its worker (<see cref="Run"/>), so time spent queued counts against no
/// limit. A caller that stops waiting (cancellation) leaves the call in its tenant's queue, and it is dropped when its
/// turn comes.
/// </remarks>
internal sealed class QueuedExpression
{
    private readonly ExpressionBudget _budget;
    private readonly Func<object?> _work;
    private readonly Action? _prepare;
    private readonly TaskCompletionSource<object?> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenRegistration _cancellation;

    /// <param name="budget">The call's limits.</param>
    /// <param name="work">The call, run on the worker under the budget and the hard deadline.</param>
    /// <param name="cancellationToken">Stops waiting; a call that has not started yet then never runs.</param>
    /// <param name="prepare">Runs on the worker before the budget's clock and the hard deadline start: set-up that is the host's cost, not the script's (making an engine).</param>
    public QueuedExpression(ExpressionBudget budget, Func<object?> work, CancellationToken cancellationToken, Action? prepare = null)
    {
        _budget = budget;
        _work = work;
        _prepare = prepare;
        _cancellation = cancellationToken.Register(() => _completion.TrySetCanceled(cancellationToken));
    }

    public Task<object?> Completion => _completion.Task;

    /// <summary>Fails the call without running it: no worker could be started for it.</summary>
    public void Fail(Exception exception)
    {
        _completion.TrySetException(exception);
        _cancellation.Dispose();
    }

    /// <summary>Runs the call on the current (sandbox) thread; never throws.</summary>
    public void Run()
    {
        // A caller that stopped waiting while the call was queued: nothing to run.
        if (_completion.Task.IsCompleted)
        {
            return;
        }

        try
        {
            _prepare?.Invoke();
        }
        catch (Exception exception)
        {
            _completion.TrySetException(exception);
            _cancellation.Dispose();
            return;
        }

        // The backstop for a built-in that never returns: the caller gets its timeout, and the thread, still holding
        // its worker, stops at its next check (.NET can't abort a thread).
        using var deadline = new Timer(
            _ =>
            {
                _budget.Abandon();
                _completion.TrySetException(ExpressionBudget.Timeout(_budget.Options));
            },
            null,
            _budget.HardDeadline,
            Timeout.InfiniteTimeSpan);
        _budget.EnterThread();
        try
        {
            _completion.TrySetResult(_work());
        }
        catch (Exception exception)
        {
            _completion.TrySetException(exception);
        }
        finally
        {
            _cancellation.Dispose();
        }
    }
}
