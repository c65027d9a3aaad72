using OrleansFlows.Runtime.Abstractions;

namespace OrleansFlows.TestKit.TestGrains;

public sealed class ChainGrain : Grain, IChainGrain
{
    public async Task<string> CallThroughAsync(string[] keys)
    {
        if (keys.Length == 0)
        {
            return GrainId.Key;
        }

        var rest = await GrainFactory.GetGrain<IChainGrain>(keys[0]).CallThroughAsync(keys[1..]);
        return GrainId.Key + ">" + rest;
    }

    public Task CallSelfAsync() => GrainFactory.GetGrain<IChainGrain>(GrainId.Key).CallSelfAsync();
}
