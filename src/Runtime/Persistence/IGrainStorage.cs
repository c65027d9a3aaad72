using OrleansFlows.Runtime.Identity;

namespace OrleansFlows.Runtime.Persistence;

/// <summary>Stores grain state with versions. Implementations: SQLite and PostgreSQL.</summary>
public interface IGrainStorage
{
    /// <summary>Reads a state record, or null when none is stored.</summary>
    /// <exception cref="StorageUnavailableException">The store can't be reached or failed.</exception>
    Task<StoredState?> ReadAsync(GrainId grainId, string stateName, CancellationToken cancellationToken);

    /// <summary>Writes a state record if its stored version still equals <see cref="GrainStateWrite.ExpectedVersion"/>, and returns the new version.</summary>
    /// <exception cref="InconsistentStateException">The stored version differs.</exception>
    /// <exception cref="StorageUnavailableException">The store can't be reached or failed; nothing was written.</exception>
    Task<long> WriteAsync(GrainStateWrite write, CancellationToken cancellationToken);
}
