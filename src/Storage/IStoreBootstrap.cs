namespace OrleansFlows.Storage;

/// <summary>Creates or upgrades a store's schema, idempotently, before the silo serves.</summary>
public interface IStoreBootstrap
{
    /// <summary>A short description of the store for messages, without secrets (for example the file or host and database).</summary>
    string Describe();

    /// <summary>Creates or upgrades the schema to the version this build needs.</summary>
    /// <exception cref="StorageUnavailableException">The store can't be reached.</exception>
    /// <exception cref="StorageSchemaException">The stored schema is newer than this build.</exception>
    Task InitializeAsync(CancellationToken cancellationToken);

    /// <summary>Checks that the store answers, for readiness probes.</summary>
    Task<bool> PingAsync(CancellationToken cancellationToken);
}
