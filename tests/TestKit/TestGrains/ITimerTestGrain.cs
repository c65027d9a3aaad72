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

    /// <summary>Asks the runtime to deactivate this activation after the current turn.</summary>
    Task DeactivateAsync();

    /// <summary>Starts a single-tick timer whose tick calls this grain through a reference; see <see cref="GetSelfCallOutcomeAsync"/>.</summary>
    Task StartSelfCallingAsync(TimeSpan dueTime);

    /// <summary>How the tick's self-call ended: <c>ok</c>, or the exception's type and message; null before the tick.</summary>
    [ReadOnly]
    Task<string?> GetSelfCallOutcomeAsync();
}
