namespace OrleansFlows.Grains.Tests.Reconciliation;

/// <summary>The system clock moved by a fixed offset, so that a silo can create a tenant "days ago" on a real store.</summary>
internal sealed class ShiftedTimeProvider(TimeSpan offset) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + offset;
}
