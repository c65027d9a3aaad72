using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;
using OrleansFlows.Storage.Rows;

namespace OrleansFlows.Bench.Flows;

/// <summary>
/// Reports every committed write of the product's row storage (the storage of leads, tenants and the other domain
/// grains) to its observers, after the write's transaction committed. Observers run on the writing grain's turn, so
/// they must be quick.
/// </summary>
internal sealed class StateCommits
{
    private readonly Lock _lock = new();
    private Action<GrainId>[] _observers = [];

    public IDisposable Subscribe(Action<GrainId> observer)
    {
        lock (_lock)
        {
            _observers = [.. _observers, observer];
        }

        return new Subscription(this, observer);
    }

    /// <summary>
    /// Wraps the row storage registered by <c>AddOrleansFlowsSilo</c> (call it after that) so that its commits are
    /// reported to the <see cref="StateCommits"/> in the silo's services.
    /// </summary>
    public static void Observe(IServiceCollection services)
    {
        var rows = services.LastOrDefault(d => d.IsKeyedService && d.ServiceType == typeof(IGrainStorage) && Equals(d.ServiceKey, RowStorageNames.Rows))
            ?? throw new InvalidOperationException($"No grain storage '{RowStorageNames.Rows}' is registered; call AddOrleansFlowsSilo first.");
        var factory = rows.KeyedImplementationFactory
            ?? throw new InvalidOperationException($"The grain storage '{RowStorageNames.Rows}' is not registered through a factory.");
        services.AddSingleton<StateCommits>();
        services.AddKeyedSingleton<IGrainStorage>(
            RowStorageNames.Rows,
            (sp, key) => new ObservedGrainStorage((IGrainStorage)factory(sp, key), sp.GetRequiredService<StateCommits>()));
    }

    private void Committed(GrainId grainId)
    {
        foreach (var observer in Volatile.Read(ref _observers))
        {
            observer(grainId);
        }
    }

    private void Unsubscribe(Action<GrainId> observer)
    {
        lock (_lock)
        {
            _observers = [.. _observers.Where(o => o != observer)];
        }
    }

    private sealed class Subscription(StateCommits commits, Action<GrainId> observer) : IDisposable
    {
        public void Dispose() => commits.Unsubscribe(observer);
    }

    private sealed class ObservedGrainStorage(IGrainStorage inner, StateCommits commits) : IGrainStorage
    {
        public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
            inner.ReadStateAsync(stateName, grainId, grainState);

        public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
        {
            await inner.WriteStateAsync(stateName, grainId, grainState);
            commits.Committed(grainId);
        }

        public async Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
        {
            await inner.ClearStateAsync(stateName, grainId, grainState);
            commits.Committed(grainId);
        }
    }
}
