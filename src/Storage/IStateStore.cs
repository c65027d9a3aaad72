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

    /// <summary>
    /// Writes a group of writes of different grains in one transaction (group commit). Each write keeps its own version
    /// check: a stale one fails alone with <see cref="Orleans.Storage.InconsistentStateException"/> and writes none of
    /// its rows, while the others commit. If the group can't commit as a whole (a row statement failed, the store
    /// failed), the writes are tried one transaction each, so only the faulty one fails.
    /// </summary>
    /// <returns>One outcome per write, in order.</returns>
    Task<IReadOnlyList<Rows.WriteOutcome>> WriteGroupAsync(IReadOnlyList<GrainStateWrite> writes, CancellationToken cancellationToken);
}
