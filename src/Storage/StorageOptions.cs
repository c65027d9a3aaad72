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

    /// <summary>The SQLite file's name in the data folder when <see cref="SqlitePath"/> is not set.</summary>
    public const string DefaultSqliteFileName = "orleansflows.db";

    /// <summary>
    /// The SQLite file. When unset, <see cref="DefaultSqliteFileName"/> in the data folder (<c>OrleansFlows:DataDirectory</c>,
    /// default <c>data</c> under the working directory), beside the encryption keys; a path set here wins.
    /// </summary>
    public string? SqlitePath { get; set; }

    /// <summary>The SQLite file: <see cref="SqlitePath"/> if set, else <see cref="DefaultSqliteFileName"/> in <paramref name="dataDirectory"/>.</summary>
    public string ResolveSqlitePath(string dataDirectory) =>
        string.IsNullOrWhiteSpace(SqlitePath) ? Path.Combine(dataDirectory, DefaultSqliteFileName) : SqlitePath;

    /// <summary>The PostgreSQL connection string the silo serves with (a non-owner role in production).</summary>
    public string? PostgresConnectionString { get; set; }

    /// <summary>The PostgreSQL connection string of the schema owner, used to create and upgrade tables; defaults to <see cref="PostgresConnectionString"/>.</summary>
    public string? PostgresSchemaConnectionString { get; set; }
}
