namespace OrleansFlows.Api.Tests.Exports;

/// <summary>
/// Measures how far live managed memory grows above where it started: a background loop collects fully and reads the
/// heap every 100 ms, so garbage doesn't count, only what is held.
/// </summary>
internal sealed class LiveMemorySampler : IDisposable
{
    private readonly long _baseline = GC.GetTotalMemory(forceFullCollection: true);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private long _peak;

    public LiveMemorySampler() => _loop = Task.Run(SampleAsync);

    /// <summary>Stops sampling and returns the largest growth seen, in bytes.</summary>
    public long Stop()
    {
        _stop.Cancel();
        _loop.GetAwaiter().GetResult();
        return Math.Max(0, Interlocked.Read(ref _peak) - _baseline);
    }

    public void Dispose() => _stop.Dispose();

    private async Task SampleAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            var live = GC.GetTotalMemory(forceFullCollection: true);
            if (live > Interlocked.Read(ref _peak))
            {
                Interlocked.Exchange(ref _peak, live);
            }

            try
            {
                await Task.Delay(100, _stop.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
