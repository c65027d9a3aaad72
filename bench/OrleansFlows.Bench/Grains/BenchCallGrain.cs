using OrleansFlows.Runtime.Abstractions;

namespace OrleansFlows.Bench.Grains;

public sealed class BenchCallGrain : Grain, IBenchCallGrain
{
    public async Task<int> YieldAsync(int value)
    {
        await Task.Yield();
        return value;
    }
}
