namespace OrleansFlows.TestKit.Saas;

/// <summary>A thread-safe, append-only list that tests can wait on without polling.</summary>
internal sealed class RequestLog<T>
{
    private readonly Lock _gate = new();
    private readonly List<T> _items = [];
    private readonly List<(int Count, TaskCompletionSource Reached)> _waiters = [];

    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _items.Count;
            }
        }
    }

    public void Add(T item)
    {
        var reached = new List<TaskCompletionSource>();
        lock (_gate)
        {
            _items.Add(item);
            _waiters.RemoveAll(waiter =>
            {
                if (waiter.Count > _items.Count)
                {
                    return false;
                }

                reached.Add(waiter.Reached);
                return true;
            });
        }

        foreach (var waiter in reached)
        {
            waiter.TrySetResult();
        }
    }

    public IReadOnlyList<T> Snapshot()
    {
        lock (_gate)
        {
            return _items.ToArray();
        }
    }

    /// <summary>Completes once the log holds <paramref name="count"/> items; otherwise throws <see cref="TimeoutException"/> with <paramref name="describeTimeout"/>'s message.</summary>
    public async Task WaitForCountAsync(int count, TimeSpan timeout, Func<IReadOnlyList<T>, string> describeTimeout)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        (int Count, TaskCompletionSource Reached) waiter;
        lock (_gate)
        {
            if (_items.Count >= count)
            {
                return;
            }

            waiter = (count, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
            _waiters.Add(waiter);
        }

        try
        {
            await waiter.Reached.Task.WaitAsync(timeout).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            lock (_gate)
            {
                _waiters.Remove(waiter);
            }

            throw new TimeoutException(describeTimeout(Snapshot()));
        }
    }
}
