namespace OrleansFlows.Storage;

/// <summary>
/// The files the product keeps in its data folder (<c>OrleansFlows:DataDirectory</c>): the one list of what
/// <see cref="PrivateFiles.SecureDataFolder"/> may touch there. Anything else in the folder is not the product's.
/// </summary>
public static class DataFolderFiles
{
    /// <summary>The SQLite database's name in the data folder when no path is configured.</summary>
    public const string SqliteDatabase = "orleansflows.db";

    /// <summary>The encryption keys of connection secrets, written on first run.</summary>
    public const string EncryptionKeys = "encryption-keys.json";

    /// <summary>The hash of the generated operator key, written on first run.</summary>
    public const string OperatorKeyHash = "operator-key.sha256";

    /// <summary>The suffixes of the files SQLite keeps beside a database.</summary>
    public static readonly IReadOnlyList<string> SqliteSuffixes = ["-wal", "-shm", "-journal"];

    /// <summary>Every name the product may write in the data folder.</summary>
    public static readonly IReadOnlyList<string> Names = [.. SqliteFiles(SqliteDatabase), EncryptionKeys, OperatorKeyHash];

    /// <summary>The database file and the files SQLite keeps beside it.</summary>
    public static IEnumerable<string> SqliteFiles(string databasePath) => [databasePath, .. SqliteSuffixes.Select(suffix => databasePath + suffix)];
}
