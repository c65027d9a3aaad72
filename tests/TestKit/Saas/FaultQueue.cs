namespace OrleansFlows.TestKit.Saas;

/// <summary>Faults to apply to the next requests, in order, one per request. Thread-safe.</summary>
internal sealed class FaultQueue
{
    private readonly Lock _gate = new();
    private readonly Queue<SaasFault> _faults = new();

    public void Enqueue(int count, SaasFault fault)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        lock (_gate)
        {
            for (var i = 0; i < count; i++)
            {
                _faults.Enqueue(fault);
            }
        }
    }

    public SaasFault? TakeNext()
    {
        lock (_gate)
        {
            return _faults.TryDequeue(out var fault) ? fault : null;
        }
    }

    public void Clear()
    {
        lock (_gate)
        {
            _faults.Clear();
        }
    }
}
