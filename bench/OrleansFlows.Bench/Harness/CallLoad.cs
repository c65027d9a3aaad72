namespace OrleansFlows.Bench.Harness;

/// <summary>
/// A closed-loop load: <c>concurrency</c> logical callers, each awaiting one call at a time, so exactly that many calls
/// are outstanding (when they don't complete inline). Each caller yields to the thread pool every
/// <see cref="YieldEvery"/> calls, so that callers whose calls complete synchronously still share the cores fairly.
/// </summary>
internal sealed class CallLoad
{
    /// <summary>The harness's own thread-pool hops per call: one yield every this many calls.</summary>
    public const int YieldEvery = 32;

    // Each caller's counter sits 128 bytes from the next, so callers never write to the same cache line.
    private const int Stride = 16;

    private readonly long[] _completed;
    private readonly Task[] _callers;
    private volatile bool _stopping;
    private Exception? _failure;

    private CallLoad(int concurrency, Func<int, long, Task> call)
    {
        _completed = new long[concurrency * Stride];
        _callers = new Task[concurrency];
        for (var caller = 0; caller < concurrency; caller++)
        {
            var index = caller;
            _callers[caller] = Task.Run(() => RunCallerAsync(index, call));
        }
    }

    /// <summary>Calls completed so far, by all callers.</summary>
    public long Completed
    {
        get
        {
            long sum = 0;
            for (var i = 0; i < _completed.Length; i += Stride)
            {
                sum += Volatile.Read(ref _completed[i]);
            }

            return sum;
        }
    }

    /// <summary>Starts the callers; <paramref name="call"/> gets the caller index and that caller's call number.</summary>
    public static CallLoad Start(int concurrency, Func<int, long, Task> call) => new(concurrency, call);

    public void ThrowIfFailed()
    {
        if (_failure is { } failure)
        {
            throw new InvalidOperationException($"A benchmark call failed: {failure.GetType().Name}: {failure.Message}", failure);
        }
    }

    public async Task StopAsync()
    {
        _stopping = true;
        await Task.WhenAll(_callers);
        ThrowIfFailed();
    }

    private async Task RunCallerAsync(int caller, Func<int, long, Task> call)
    {
        var slot = caller * Stride;
        long calls = 0;
        try
        {
            while (!_stopping)
            {
                await call(caller, calls);
                calls++;
                Volatile.Write(ref _completed[slot], calls);
                if (calls % YieldEvery == 0)
                {
                    await Task.Yield();
                }
            }
        }
        catch (Exception exception)
        {
            Interlocked.CompareExchange(ref _failure, exception, null);
            _stopping = true;
        }
    }
}
