using OrleansFlows.Runtime.Persistence;

namespace OrleansFlows.Runtime.Abstractions;

/// <summary>
/// The persistent state of a grain. It is loaded before <c>OnActivateAsync</c> and written only when the grain asks.
/// When a write returns, the state is durable.
/// </summary>
public interface IPersistentState<TState>
    where TState : class, new()
{
    /// <summary>The current state. A grain with no stored record sees a new <typeparamref name="TState"/>.</summary>
    TState State { get; set; }

    /// <summary>The stored version this activation last read or wrote, or null before the first write.</summary>
    string? ETag { get; }

    /// <summary>Whether a record is stored for this grain.</summary>
    bool RecordExists { get; }

    /// <summary>Reloads the state from the store.</summary>
    Task ReadStateAsync();

    /// <summary>Writes the state.</summary>
    /// <exception cref="InconsistentStateException">The stored version is newer than the one this activation holds.</exception>
    Task WriteStateAsync();

    /// <summary>Writes the state together with reminder changes and projection rows, in one transaction.</summary>
    /// <exception cref="InconsistentStateException">The stored version is newer than the one this activation holds.</exception>
    Task WriteStateAsync(StateWriteBatch batch);

    /// <summary>Clears the stored state; <see cref="State"/> becomes a new <typeparamref name="TState"/>.</summary>
    Task ClearStateAsync();
}
