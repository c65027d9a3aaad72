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
}
