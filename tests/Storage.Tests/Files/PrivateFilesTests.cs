using Microsoft.Extensions.DependencyInjection;

namespace OrleansFlows.Storage.Tests.Files;

/// <summary>
/// The data folder and the SQLite files are the user's only (0700 and 0600), on real files: when created, and at every
/// start for files an older build left readable. Unix only: on Windows each test returns at once.
/// </summary>
public sealed class PrivateFilesTests : IDisposable
{
    private const UnixFileMode Open = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead;
    private const UnixFileMode OpenFolder = Open | UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;

    private readonly string _root = Directory.CreateTempSubdirectory("orleansflows-files-").FullName;

    [Fact]
    public void CreateFolder_Missing_CreatesItOwnerOnly()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        var data = Path.Combine(_root, "data");

        PrivateFiles.CreateFolder(data);

        Assert.Equal(PrivateFiles.FolderMode, File.GetUnixFileMode(data));
    }

    [Fact]
    public void SecureFolder_FolderAndFilesLeftOpen_MakesEveryOneOwnerOnly()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        var data = Path.Combine(_root, "data");
        var nested = Path.Combine(data, "keys");
        Directory.CreateDirectory(nested);
        var files = new[] { Path.Combine(data, "orleansflows.db"), Path.Combine(data, "orleansflows.db-wal"), Path.Combine(data, "operator-key.sha256"), Path.Combine(nested, "encryption-keys.json") };
        foreach (var file in files)
        {
            File.WriteAllText(file, "secret");
            File.SetUnixFileMode(file, Open);
        }

        File.SetUnixFileMode(nested, OpenFolder);
        File.SetUnixFileMode(data, OpenFolder);

        PrivateFiles.SecureFolder(data);

        Assert.Equal(PrivateFiles.FolderMode, File.GetUnixFileMode(data));
        Assert.Equal(PrivateFiles.FolderMode, File.GetUnixFileMode(nested));
        foreach (var file in files)
        {
            Assert.Equal(PrivateFiles.FileMode, File.GetUnixFileMode(file));
        }
    }

    [Fact]
    public void SecureFolder_LinkToAFileOutside_LeavesTheTargetAlone()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        var data = Path.Combine(_root, "data");
        Directory.CreateDirectory(data);
        var outside = Path.Combine(_root, "shared.txt");
        File.WriteAllText(outside, "not ours");
        File.SetUnixFileMode(outside, Open);
        File.CreateSymbolicLink(Path.Combine(data, "link"), outside);

        PrivateFiles.SecureFolder(data);

        Assert.Equal(Open, File.GetUnixFileMode(outside));
    }

    [Fact]
    public async Task SqliteStore_FirstStartInAMissingFolder_CreatesFolderAndFilesOwnerOnly()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        var data = Path.Combine(_root, "data");
        var database = Path.Combine(data, "orleansflows.db");

        await StartStoreAsync(database);

        Assert.Equal(PrivateFiles.FolderMode, File.GetUnixFileMode(data));
        var files = Directory.GetFiles(data);
        Assert.Contains(database, files);
        Assert.Contains(database + "-wal", files);
        foreach (var file in files)
        {
            Assert.Equal(PrivateFiles.FileMode, File.GetUnixFileMode(file));
        }
    }

    [Fact]
    public async Task SqliteStore_StartOverFilesLeftReadable_MakesThemOwnerOnly()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        var database = Path.Combine(_root, "orleansflows.db");
        await StartStoreAsync(database);
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        foreach (var file in Directory.GetFiles(_root))
        {
            File.SetUnixFileMode(file, Open);
        }

        await StartStoreAsync(database);

        Assert.Equal(PrivateFiles.FileMode, File.GetUnixFileMode(database));
        foreach (var file in Directory.GetFiles(_root))
        {
            Assert.Equal(PrivateFiles.FileMode, File.GetUnixFileMode(file));
        }
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_root, recursive: true);
    }

    private static async Task StartStoreAsync(string path)
    {
        await using var services = new ServiceCollection()
            .AddLogging()
            .AddOrleansFlowsSqliteStore(o => o.DatabasePath = path)
            .BuildServiceProvider();
        await services.GetRequiredService<IStoreBootstrap>().InitializeAsync(CancellationToken.None);

        // A grain state write, so the database has its WAL beside it as it has while serving.
        await services.GetRequiredService<IStateStore>().WriteAsync(new GrainStateWrite($"g/{Guid.NewGuid():N}", "s", "T", "{}", 0, []), CancellationToken.None);
    }
}
