using OrleansFlows.Runtime.Abstractions;

namespace OrleansFlows.Bench.Grains;

/// <summary>Calls whose turns really wait (they yield once), so callers queue on the grain as they do behind I/O.</summary>
[GrainType("bench-call")]
public interface IBenchCallGrain : IGrain
{
    /// <summary>A writer turn that yields to the thread pool once, then returns its argument.</summary>
    Task<int> YieldAsync(int value);
}
