using OrleansFlows.Runtime.Abstractions;

namespace OrleansFlows.TestKit.TestGrains;

/// <summary>Calls other grains, to build call chains and cycles.</summary>
[GrainType("test-chain")]
public interface IChainGrain : IGrain
{
    /// <summary>Calls each key in order, each calling the rest; returns the keys visited.</summary>
    Task<string> CallThroughAsync(string[] keys);

    /// <summary>Calls itself through a reference.</summary>
    Task CallSelfAsync();
}
