namespace OrleansFlows.Bench.Grains;

/// <summary>Records when each expected event happened (UTC ticks), and completes once all have.</summary>
public sealed class TickRecorder
{
    private long[] _times = [];
    private int _count;
    private TaskCompletionSource _all = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public int Count => Volatile.Read(ref _count);

    /// <summary>Completes when <see cref="Expect"/>'s count is reached.</summary>
    public Task All => _all.Task;

    /// <summary>Starts a new round of <paramref name="expected"/> events.</summary>
    public void Expect(int expected)
    {
        _times = new long[expected];
        _all = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Volatile.Write(ref _count, 0);
    }

    public void Record()
    {
        var now = DateTime.UtcNow.Ticks;
        var times = _times;
        var index = Interlocked.Increment(ref _count) - 1;
        if (index < times.Length)
        {
            times[index] = now;
        }

        if (index == times.Length - 1)
        {
            _all.TrySetResult();
        }
    }

    /// <summary>The recorded times so far, in milliseconds after <paramref name="origin"/>, sorted.</summary>
    public double[] MillisecondsAfter(DateTime origin)
    {
        var recorded = Math.Min(Count, _times.Length);
        return _times.Take(recorded).Select(t => (t - origin.Ticks) / (double)TimeSpan.TicksPerMillisecond).Order().ToArray();
    }
}
