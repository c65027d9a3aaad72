namespace OrleansFlows.Storage.Tests.Files;

/// <summary>
/// Builds before the data folder kept the SQLite database at <c>data/orleansflows.db</c> under the working directory.
/// An install that moved its data folder but not its database must not silently start on a new empty one; on real
/// files in a throwaway working directory.
/// </summary>
public sealed class LegacySqlitePathTests : IDisposable
{
    private readonly string _workingDirectory = Directory.CreateTempSubdirectory("orleansflows-legacy-").FullName;

    [Fact]
    public void Resolve_LegacyDatabaseAndNoneInTheMovedDataFolder_RefusesNamingBothPathsAndTheWaysOut()
    {
        var legacy = WriteLegacyDatabase();
        var moved = Path.Combine(_workingDirectory, "state");

        var error = Assert.Throws<InvalidOperationException>(() => new StorageOptions().ResolveSqlitePath(moved, _workingDirectory));

        Assert.Contains(legacy, error.Message, StringComparison.Ordinal);
        Assert.Contains(Path.Combine(moved, "orleansflows.db"), error.Message, StringComparison.Ordinal);
        Assert.Contains("OrleansFlows__Storage__SqlitePath", error.Message, StringComparison.Ordinal);
        Assert.Contains("move", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Resolve_LegacyDatabaseAndOneInTheDataFolder_UsesTheDataFolders()
    {
        WriteLegacyDatabase();
        var moved = Path.Combine(_workingDirectory, "state");
        Directory.CreateDirectory(moved);
        File.WriteAllText(Path.Combine(moved, "orleansflows.db"), "rows");

        Assert.Equal(Path.Combine(moved, "orleansflows.db"), new StorageOptions().ResolveSqlitePath(moved, _workingDirectory));
    }

    [Fact]
    public void Resolve_LegacyDatabaseAndSqlitePathSet_UsesTheSetPath()
    {
        var legacy = WriteLegacyDatabase();

        Assert.Equal(legacy, new StorageOptions { SqlitePath = legacy }.ResolveSqlitePath(Path.Combine(_workingDirectory, "state"), _workingDirectory));
    }

    [Fact]
    public void Resolve_DefaultDataFolderHoldingTheLegacyDatabase_UsesIt()
    {
        var legacy = WriteLegacyDatabase();

        var path = new StorageOptions().ResolveSqlitePath("data", _workingDirectory);

        Assert.Equal(legacy, Path.GetFullPath(path, _workingDirectory));
    }

    [Fact]
    public void Resolve_NoLegacyDatabase_UsesTheDataFolder()
    {
        var moved = Path.Combine(_workingDirectory, "state");

        Assert.Equal(Path.Combine(moved, "orleansflows.db"), new StorageOptions().ResolveSqlitePath(moved, _workingDirectory));
    }

    public void Dispose() => Directory.Delete(_workingDirectory, recursive: true);

    private string WriteLegacyDatabase()
    {
        var legacy = Path.Combine(_workingDirectory, "data", "orleansflows.db");
        Directory.CreateDirectory(Path.GetDirectoryName(legacy)!);
        File.WriteAllText(legacy, "rows");
        return legacy;
    }
}
