namespace OrleansFlows.Storage;

/// <summary>Which store a silo keeps grain state and reminders in.</summary>
public enum StorageProvider
{
    /// <summary>An embedded SQLite file: the standalone default, for one silo.</summary>
    Sqlite,

    /// <summary>PostgreSQL: for clusters.</summary>
    Postgres,
}
