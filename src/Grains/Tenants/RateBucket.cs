namespace OrleansFlows.Grains.Tenants;

/// <summary>
/// A tenant's rate: a token bucket of so many takes per minute, full at the start and refilled continuously at that
/// rate. It lives in the tenant's activation, so the rate holds across every API process; a new activation starts
/// with a full bucket. Not thread-safe: the grain's turns keep it single-threaded.
/// </summary>
internal sealed class RateBucket
{
    private int _perMinute;
    private double _tokens;
    private DateTimeOffset _filledAt;

    /// <summary>Takes one; when the bucket is empty, says how long until one is available.</summary>
    public bool TryTake(int perMinute, DateTimeOffset now, out TimeSpan retryAfter)
    {
        if (perMinute != _perMinute)
        {
            // A new limit starts a full bucket, as a plan change should take effect at once.
            _perMinute = perMinute;
            _tokens = perMinute;
            _filledAt = now;
        }

        var perSecond = perMinute / 60.0;
        var elapsed = Math.Max(0, (now - _filledAt).TotalSeconds);
        _tokens = Math.Min(perMinute, _tokens + (elapsed * perSecond));
        _filledAt = now;
        if (_tokens >= 1)
        {
            _tokens--;
            retryAfter = TimeSpan.Zero;
            return true;
        }

        retryAfter = TimeSpan.FromSeconds((1 - _tokens) / perSecond);
        return false;
    }
}
