namespace OrleansFlows.Storage.Sqlite;

/// <summary>Options for the embedded SQLite store.</summary>
public sealed class SqliteStoreOptions
{
    /// <summary>The database file. Its folder is created if missing.</summary>
    public string DatabasePath { get; set; } = Path.Combine("data", "orleansflows.db");

    /// <summary>How long one command may wait for the database. Default 30 s.</summary>
    public TimeSpan CommandTimeout { get; set; } = TimeSpan.FromSeconds(30);
}
