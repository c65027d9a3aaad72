namespace OrleansFlows.Grains.Tenants;

public sealed partial class TenantGrain
{
    // Transient, like the ingest bucket: data requests (exports, erasures, retention runs) read or delete much of the
    // tenant's data each, so they have a rate of their own that a flood of them can't borrow from lead intake.
    private readonly RateBucket _dataRequests = new();

    public Task<TimeSpan?> TakeDataRequestAsync(int perMinute)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(perMinute);
        return Task.FromResult<TimeSpan?>(_dataRequests.TryTake(perMinute, timeProvider.GetUtcNow(), out var retryAfter) ? null : retryAfter);
    }
}
