using OrleansFlows.Grains.Tenants;

namespace OrleansFlows.Grains.Tests.Tenants;

/// <summary>The tenant's ingest bucket: the plan's submissions per minute, refilled at that rate, with an honest Retry-After.</summary>
public sealed class RateBucketTests
{
    private static readonly DateTimeOffset Start = new(2026, 12, 6, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void TryTake_FullBucket_AllowsThePlanAtOnceThenRefuses()
    {
        var bucket = new RateBucket();

        var allowed = Enumerable.Range(0, 60).Count(i => bucket.TryTake(60, Start, out _));
        var refused = bucket.TryTake(60, Start, out var retryAfter);

        Assert.Equal(60, allowed);
        Assert.False(refused);
        Assert.Equal(TimeSpan.FromSeconds(1), retryAfter);
    }

    [Fact]
    public void TryTake_OnePerMinute_RefusesForAMinuteThenAllows()
    {
        var bucket = new RateBucket();
        Assert.True(bucket.TryTake(1, Start, out _));

        var refused = bucket.TryTake(1, Start.AddSeconds(30), out var retryAfter);
        var allowed = bucket.TryTake(1, Start.AddSeconds(60), out _);

        Assert.False(refused);
        Assert.Equal(TimeSpan.FromSeconds(30), retryAfter);
        Assert.True(allowed);
    }

    [Fact]
    public void TryTake_PlanChanged_StartsAFullBucketAtTheNewRate()
    {
        var bucket = new RateBucket();
        Assert.True(bucket.TryTake(1, Start, out _));
        Assert.False(bucket.TryTake(1, Start, out _));

        var allowed = Enumerable.Range(0, 5).Count(i => bucket.TryTake(5, Start, out _));

        Assert.Equal(5, allowed);
        Assert.False(bucket.TryTake(5, Start, out _));
    }

    [Fact]
    public void TryTake_LongIdle_RefillsNoMoreThanThePlan()
    {
        var bucket = new RateBucket();
        Assert.True(bucket.TryTake(10, Start, out _));

        var allowed = Enumerable.Range(0, 20).Count(i => bucket.TryTake(10, Start.AddHours(1), out _));

        Assert.Equal(10, allowed);
    }
}
