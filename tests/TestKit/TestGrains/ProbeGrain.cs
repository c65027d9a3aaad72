using OrleansFlows.Runtime.Abstractions;
using OrleansFlows.Runtime.Hosting;

namespace OrleansFlows.TestKit.TestGrains;

public sealed class ProbeGrain(GrainProbe probe, SiloIdentity silo) : Grain, IProbeGrain
{
    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        // Yields so that activation is asynchronous and calls queued behind it must really wait for it.
        await Task.Yield();
        probe.Increment($"{GrainId}/activated");
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        probe.Increment($"{GrainId}/deactivated/{reason}");
        return Task.CompletedTask;
    }

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

    public Task<string> GetSiloIdAsync() => Task.FromResult(silo.Id);

    public Task<int> GetActivationCountAsync() => Task.FromResult(probe.Get($"{GrainId}/activated"));

    public Task DeactivateAsync()
    {
        DeactivateOnIdle();
        return Task.CompletedTask;
    }
}
