namespace OrleansFlows.Storage;

/// <summary>The kinds of store a silo can run on.</summary>
public enum StoreKind
{
    /// <summary>An embedded SQLite file.</summary>
    Sqlite,

    /// <summary>PostgreSQL.</summary>
    Postgres,
}
