using Microsoft.Extensions.DependencyInjection;
using OrleansFlows.Storage.Rows;
using OrleansFlows.TestKit.Hosting;

namespace OrleansFlows.Storage.Tests.Persistence;

/// <summary>
/// A test store with its schema (and the <c>test_rows</c> table) created, and the row storage on it, as a silo would
/// build it.
/// </summary>
internal sealed class RowStore : IAsyncDisposable
{
    public const string StateName = "state";

    private RowStore(TestStore store, StoreServices services)
    {
        Store = store;
        Services = services;
        States = services.Services.GetRequiredService<IStateStore>();
        Storage = new RowGrainStorage(States, services.Services.GetRequiredService<GroupCommitter>(), services.Services.GetRequiredService<GrainStateSerializer>());
    }

    public TestStore Store { get; }

    public StoreServices Services { get; }

    public IStateStore States { get; }

    public RowGrainStorage Storage { get; }

    /// <summary>Opens <paramref name="store"/>, creating its schema; the store is disposed with the result, or at once if that fails.</summary>
    public static async Task<RowStore> OpenAsync(TestStore store)
    {
        try
        {
            return new RowStore(store, await StoreServices.CreateAsync(store, new TestRowsSchema()));
        }
        catch
        {
            await store.DisposeAsync();
            throw;
        }
    }

    public static GrainId NewGrainId() => GrainId.Create("test", Guid.NewGuid().ToString("N"));

    public static GrainState<CounterState> Counter(int count, string? etag) => new(new CounterState { Count = count }) { ETag = etag };

    /// <summary>Reads the state as a new activation would.</summary>
    public async Task<GrainState<CounterState>> ReadAsync(GrainId id)
    {
        var state = new GrainState<CounterState>();
        await Storage.ReadStateAsync(StateName, id, state);
        return state;
    }

    /// <summary>Reads the stored record behind the storage's back.</summary>
    public Task<StoredState?> ReadStoredAsync(GrainId id) => States.ReadAsync(id.ToString(), StateName, CancellationToken.None);

    public async ValueTask DisposeAsync()
    {
        await Services.DisposeAsync();
        await Store.DisposeAsync();
    }
}
