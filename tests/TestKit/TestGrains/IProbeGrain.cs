using OrleansFlows.Runtime.Abstractions;

namespace OrleansFlows.TestKit.TestGrains;

/// <summary>Reports turn concurrency, throws on demand, and takes as long as asked.</summary>
[GrainType("test-probe")]
public interface IProbeGrain : IGrain
{
    Task WriteAsync(TimeSpan duration);

    [ReadOnly]
    Task ReadAsync(TimeSpan duration);

    Task ThrowAsync(string message);

    Task<string> EchoAsync(string text);

    [ReadOnly]
    Task<int> NoOpAsync(int value);

    /// <summary>The id of the silo this activation runs on.</summary>
    [ReadOnly]
    Task<string> GetSiloIdAsync();

    /// <summary>How many times this grain has been activated on the silo, as seen from inside the call.</summary>
    [ReadOnly]
    Task<int> GetActivationCountAsync();

    /// <summary>Asks the runtime to deactivate this activation after the current turn.</summary>
    Task DeactivateAsync();
}
