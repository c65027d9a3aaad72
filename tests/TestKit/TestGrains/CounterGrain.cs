using OrleansFlows.Runtime.Abstractions;

namespace OrleansFlows.TestKit.TestGrains;

public sealed class CounterGrain(IPersistentState<CounterState> state, GrainProbe probe) : Grain, ICounterGrain
{
    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        probe.Increment($"{GrainId}/activated");
        return Task.CompletedTask;
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        probe.Increment($"{GrainId}/deactivated/{reason}");
        return Task.CompletedTask;
    }

    public async Task<int> AddAsync(int amount)
    {
        state.State.Count += amount;
        await state.WriteStateAsync();
        return state.State.Count;
    }

    public Task AddInMemoryAsync(int amount)
    {
        state.State.Count += amount;
        return Task.CompletedTask;
    }

    public Task SaveAsync() => state.WriteStateAsync();

    public Task<int> GetAsync() => Task.FromResult(state.State.Count);

    public Task<string?> GetETagAsync() => Task.FromResult(state.ETag);

    public Task<bool> GetRecordExistsAsync() => Task.FromResult(state.RecordExists);

    public async Task<int> ReloadAsync()
    {
        await state.ReadStateAsync();
        return state.State.Count;
    }

    public Task ClearAsync() => state.ClearStateAsync();

    public Task DeactivateAsync()
    {
        DeactivateOnIdle();
        return Task.CompletedTask;
    }
}
