namespace OrleansFlows.Storage.Postgres;

/// <summary>Options for the PostgreSQL store.</summary>
public sealed class PostgresStoreOptions
{
    /// <summary>The connection string the silo serves with.</summary>
    public string ConnectionString { get; set; } = "";

    /// <summary>
    /// The connection string used to create and upgrade the schema (the owner role). When empty,
    /// <see cref="ConnectionString"/> is used for both.
    /// </summary>
    public string? SchemaConnectionString { get; set; }

    /// <summary>How long one command may run. Default 30 s.</summary>
    public TimeSpan CommandTimeout { get; set; } = TimeSpan.FromSeconds(30);
}
