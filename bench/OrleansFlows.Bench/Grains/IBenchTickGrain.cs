using OrleansFlows.Runtime.Abstractions;

namespace OrleansFlows.Bench.Grains;

/// <summary>A stateless grain whose reminder ticks only report to <see cref="TickRecorder"/>, so a reminder run measures the runtime's delivery.</summary>
[GrainType("bench-tick")]
public interface IBenchTickGrain : IGrain
{
    [ReadOnly]
    Task PingAsync();
}
