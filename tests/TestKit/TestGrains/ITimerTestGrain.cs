using OrleansFlows.Runtime.Abstractions;

namespace OrleansFlows.TestKit.TestGrains;

/// <summary>Counts in-memory timer ticks.</summary>
[GrainType("test-timer")]
public interface ITimerTestGrain : IGrain
{
    Task StartAsync(TimeSpan dueTime, TimeSpan period);

    Task StopAsync();

    [ReadOnly]
    Task<int> GetTicksAsync();

    /// <summary>The most ticks and calls that ran at once; 1 when ticks are proper turns.</summary>
    [ReadOnly]
    Task<int> GetMaxConcurrencyAsync();

    Task BusyAsync(TimeSpan duration);
}
