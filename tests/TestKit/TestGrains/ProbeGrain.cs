using OrleansFlows.Runtime.Abstractions;

namespace OrleansFlows.TestKit.TestGrains;

public sealed class ProbeGrain(GrainProbe probe) : Grain, IProbeGrain
{
    public async Task WriteAsync(TimeSpan duration)
    {
        using (probe.Enter(GrainId.ToString(), "write"))
        {
            await Task.Delay(duration);
        }
    }

    public async Task ReadAsync(TimeSpan duration)
    {
        using (probe.Enter(GrainId.ToString(), "read"))
        {
            await Task.Delay(duration);
        }
    }

    public Task ThrowAsync(string message) => throw new InvalidOperationException(message);

    public Task<string> EchoAsync(string text) => Task.FromResult(text);

    public Task<int> NoOpAsync(int value) => Task.FromResult(value);
}
