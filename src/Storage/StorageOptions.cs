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
    public const string DefaultSqliteFileName = DataFolderFiles.SqliteDatabase;

    /// <summary>Where builds before the data folder kept the SQLite file, relative to the working directory.</summary>
    public static readonly string LegacySqlitePath = Path.Combine("data", DefaultSqliteFileName);

    /// <summary>
    /// The SQLite file. When unset, <see cref="DefaultSqliteFileName"/> in the data folder (<c>OrleansFlows:DataDirectory</c>,
    /// default <c>data</c> under the working directory), beside the encryption keys; a path set here wins.
    /// </summary>
    public string? SqlitePath { get; set; }

    /// <summary>The SQLite file: <see cref="SqlitePath"/> if set, else <see cref="DefaultSqliteFileName"/> in <paramref name="dataDirectory"/>.</summary>
    public string ResolveSqlitePath(string dataDirectory) =>
        string.IsNullOrWhiteSpace(SqlitePath) ? Path.Combine(dataDirectory, DefaultSqliteFileName) : SqlitePath;

    /// <summary>
    /// The SQLite file, as <see cref="ResolveSqlitePath(string)"/>, refusing to start a new empty database in the data
    /// folder while the database of an older build (<see cref="LegacySqlitePath"/> under <paramref name="workingDirectory"/>)
    /// is elsewhere: an install that moved its data folder but kept its database there would otherwise silently lose
    /// its data.
    /// </summary>
    /// <exception cref="InvalidOperationException">The legacy database exists and the new path does not; the message names both and the ways out.</exception>
    public string ResolveSqlitePath(string dataDirectory, string workingDirectory)
    {
        var path = ResolveSqlitePath(dataDirectory);
        if (!string.IsNullOrWhiteSpace(SqlitePath))
        {
            return path;
        }

        var current = Path.GetFullPath(path, workingDirectory);
        var legacy = Path.GetFullPath(LegacySqlitePath, workingDirectory);
        if (File.Exists(current) || !File.Exists(legacy))
        {
            return path;
        }

        throw new InvalidOperationException(
            $"The SQLite database is now kept in the data folder, at {current}, which does not exist, but an older build's "
            + $"database is at {legacy}. Starting would begin with an empty database. Either set {Section.Replace(":", "__", StringComparison.Ordinal)}__{nameof(SqlitePath)} "
            + $"to {legacy} to keep using it there, or stop the host and move {legacy} (with any -wal and -shm files beside it) to {current}.");
    }

    /// <summary>The PostgreSQL connection string the silo serves with (a non-owner role in production).</summary>
    public string? PostgresConnectionString { get; set; }

    /// <summary>The PostgreSQL connection string of the schema owner, used to create and upgrade tables; defaults to <see cref="PostgresConnectionString"/>.</summary>
    public string? PostgresSchemaConnectionString { get; set; }
}
