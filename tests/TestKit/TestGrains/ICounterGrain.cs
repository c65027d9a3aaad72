using OrleansFlows.Runtime.Abstractions;

namespace OrleansFlows.TestKit.TestGrains;

/// <summary>A persisted counter.</summary>
[GrainType("test-counter")]
public interface ICounterGrain : IGrain
{
    /// <summary>Adds to the counter, writes it, and returns the new value.</summary>
    Task<int> AddAsync(int amount);

    /// <summary>Adds without writing.</summary>
    Task AddInMemoryAsync(int amount);

    /// <summary>Writes the in-memory value.</summary>
    Task SaveAsync();

    [ReadOnly]
    Task<int> GetAsync();

    [ReadOnly]
    Task<string?> GetETagAsync();

    /// <summary>Whether the activation sees a stored record.</summary>
    [ReadOnly]
    Task<bool> GetRecordExistsAsync();

    /// <summary>Reloads from the store.</summary>
    Task<int> ReloadAsync();

    Task ClearAsync();

    Task DeactivateAsync();
}
