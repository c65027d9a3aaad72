namespace OrleansFlows.Api.Tests.Retention;

/// <summary>The system clock moved by a fixed offset, so that a host can accept leads "days ago" on a real store.</summary>
internal sealed class ShiftedClock(TimeSpan offset) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + offset;
}
