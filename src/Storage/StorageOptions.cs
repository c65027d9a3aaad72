namespace OrleansFlows.Storage;

/// <summary>
/// The silo's store, from configuration section <c>OrleansFlows:Storage</c>
/// (environment variables <c>OrleansFlows__Storage__Provider</c> and so on).
/// </summary>
public sealed class StorageOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "OrleansFlows:Storage";

    /// <summary>The provider; default <see cref="StorageProvider.Sqlite"/>.</summary>
    public StorageProvider Provider { get; set; } = StorageProvider.Sqlite;

    /// <summary>The SQLite file; default <c>data/orleansflows.db</c> under the working directory.</summary>
    public string SqlitePath { get; set; } = Path.Combine("data", "orleansflows.db");

    /// <summary>The PostgreSQL connection string the silo serves with (a non-owner role in production).</summary>
    public string? PostgresConnectionString { get; set; }

    /// <summary>The PostgreSQL connection string of the schema owner, used to create and upgrade tables; defaults to <see cref="PostgresConnectionString"/>.</summary>
    public string? PostgresSchemaConnectionString { get; set; }
}
