namespace OrleansFlows.Storage;

/// <summary>Versioned grain state with rows, on one database. Implementations: SQLite and PostgreSQL.</summary>
internal interface IStateStore
{
    /// <summary>Reads a state record, or null when none is stored.</summary>
    /// <exception cref="StorageUnavailableException">The store can't be reached or failed.</exception>
    Task<StoredState?> ReadAsync(string grainId, string stateName, CancellationToken cancellationToken);

    /// <summary>
    /// Writes a state record and its rows in one transaction if the stored version still equals
    /// <see cref="GrainStateWrite.ExpectedVersion"/>, and returns the new version.
    /// </summary>
    /// <exception cref="Orleans.Storage.InconsistentStateException">The stored version differs; nothing was written.</exception>
    /// <exception cref="StorageUnavailableException">The store can't be reached or failed; nothing was written.</exception>
    Task<long> WriteAsync(GrainStateWrite write, CancellationToken cancellationToken);
}
