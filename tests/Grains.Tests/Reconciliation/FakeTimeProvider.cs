namespace OrleansFlows.Grains.Tests.Reconciliation;

/// <summary>
/// A clock that stands still until the test sets or advances it. Its timestamps follow the same fake time. It makes no
/// timers: schedule arithmetic only reads the time.
/// </summary>
internal sealed class FakeTimeProvider : TimeProvider
{
    private readonly Lock _gate = new();
    private DateTimeOffset _now;

    public FakeTimeProvider(DateTimeOffset start)
    {
        _now = start.ToUniversalTime();
    }

    public override DateTimeOffset GetUtcNow()
    {
        lock (_gate)
        {
            return _now;
        }
    }

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public override long GetTimestamp() => GetUtcNow().UtcTicks;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
        throw new NotSupportedException("The fake clock makes no timers.");

    /// <summary>Moves the clock forward by <paramref name="by"/>, which must not be negative.</summary>
    public void Advance(TimeSpan by)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(by, TimeSpan.Zero);
        lock (_gate)
        {
            _now += by;
        }
    }

    /// <summary>Sets the clock to <paramref name="now"/>, which must not be earlier than the current fake time.</summary>
    public void SetUtcNow(DateTimeOffset now)
    {
        lock (_gate)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(now, _now);
            _now = now.ToUniversalTime();
        }
    }
}
