using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using OrleansFlows.TestKit.Logging;

namespace OrleansFlows.Storage.Tests.Files;

/// <summary>
/// The data folder and the SQLite files are the user's only (0700 and 0600), on real files: when created, and at every
/// start for the product's own files an older build left readable, never anything else in the folder. Unix only: on Windows each test returns at once.
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
    public void SecureDataFolder_FolderAndProductFilesLeftOpen_NarrowsThemToOwnerOnly()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        var data = Path.Combine(_root, "data");
        Directory.CreateDirectory(data);
        var files = DataFolderFiles.Names.Select(name => Path.Combine(data, name)).ToList();
        foreach (var file in files)
        {
            File.WriteAllText(file, "secret");
            File.SetUnixFileMode(file, Open);
        }

        File.SetUnixFileMode(data, OpenFolder);

        PrivateFiles.SecureDataFolder(data, Path.Combine(data, DataFolderFiles.SqliteDatabase), NullLogger.Instance);

        Assert.Equal(PrivateFiles.FolderMode, File.GetUnixFileMode(data));
        Assert.Contains(Path.Combine(data, "orleansflows.db-journal"), files);
        Assert.Contains(Path.Combine(data, "encryption-keys.json"), files);
        Assert.Contains(Path.Combine(data, "operator-key.sha256"), files);
        foreach (var file in files)
        {
            Assert.True(File.GetUnixFileMode(file) == PrivateFiles.FileMode, $"{file} is {File.GetUnixFileMode(file)}");
        }
    }

    [Fact]
    public void SecureDataFolder_UnrelatedFilesAndFoldersInIt_KeepTheirModes()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        // A data folder pointed at a shared folder (the app's own, a volume root with lost+found).
        var data = Path.Combine(_root, "data");
        var program = Path.Combine(data, "OrleansFlows.Api");
        var volumeFolder = Path.Combine(data, "lost+found");
        var volumeFile = Path.Combine(volumeFolder, "notes.txt");
        Directory.CreateDirectory(volumeFolder);
        File.WriteAllText(program, "#!/bin/sh\n");
        File.WriteAllText(volumeFile, "theirs");
        File.SetUnixFileMode(program, OpenFolder);
        File.SetUnixFileMode(volumeFile, Open);
        File.SetUnixFileMode(volumeFolder, OpenFolder);

        PrivateFiles.SecureDataFolder(data, Path.Combine(data, DataFolderFiles.SqliteDatabase), NullLogger.Instance);

        Assert.Equal(PrivateFiles.FolderMode, File.GetUnixFileMode(data));
        Assert.Equal(OpenFolder, File.GetUnixFileMode(program));
        Assert.Equal(OpenFolder, File.GetUnixFileMode(volumeFolder));
        Assert.Equal(Open, File.GetUnixFileMode(volumeFile));
    }

    [Fact]
    public void SecureDataFolder_FolderIsASymbolicLink_SecuresItsTarget()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        var volume = Path.Combine(_root, "mnt", "volume");
        Directory.CreateDirectory(volume);
        var keys = Path.Combine(volume, DataFolderFiles.EncryptionKeys);
        File.WriteAllText(keys, "secret");
        File.SetUnixFileMode(keys, Open);
        File.SetUnixFileMode(volume, OpenFolder);
        var data = Path.Combine(_root, "data");
        Directory.CreateSymbolicLink(data, volume);

        PrivateFiles.SecureDataFolder(data, null, NullLogger.Instance);

        Assert.Equal(PrivateFiles.FolderMode, File.GetUnixFileMode(volume));
        Assert.Equal(PrivateFiles.FileMode, File.GetUnixFileMode(keys));
    }

    [Fact]
    public void SecureDataFolder_SqliteDatabaseOutsideTheFolder_NarrowsItAndItsCompanions()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        var data = Path.Combine(_root, "data");
        Directory.CreateDirectory(data);
        var database = Path.Combine(_root, "db", "chosen.db");
        Directory.CreateDirectory(Path.GetDirectoryName(database)!);
        foreach (var file in (string[])[database, database + "-wal", database + "-shm"])
        {
            File.WriteAllText(file, "rows");
            File.SetUnixFileMode(file, Open);
        }

        PrivateFiles.SecureDataFolder(data, database, NullLogger.Instance);

        Assert.Equal(PrivateFiles.FileMode, File.GetUnixFileMode(database));
        Assert.Equal(PrivateFiles.FileMode, File.GetUnixFileMode(database + "-wal"));
        Assert.Equal(PrivateFiles.FileMode, File.GetUnixFileMode(database + "-shm"));
    }

    [Fact]
    public void SecureDataFolder_ModeAlreadyNarrower_KeepsIt()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        var data = Path.Combine(_root, "data");
        Directory.CreateDirectory(data);
        File.SetUnixFileMode(data, UnixFileMode.UserRead | UnixFileMode.UserExecute | UnixFileMode.UserWrite);
        var hash = Path.Combine(data, DataFolderFiles.OperatorKeyHash);
        File.WriteAllText(hash, "hash");
        File.SetUnixFileMode(hash, UnixFileMode.UserRead);

        PrivateFiles.SecureDataFolder(data, null, NullLogger.Instance);

        Assert.Equal(UnixFileMode.UserRead, File.GetUnixFileMode(hash));
    }

    [Fact]
    public void SecureDataFolder_LinkToAFileOutside_LeavesTheTargetAlone()
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
        File.CreateSymbolicLink(Path.Combine(data, DataFolderFiles.EncryptionKeys), outside);

        PrivateFiles.SecureDataFolder(data, null, NullLogger.Instance);

        Assert.Equal(Open, File.GetUnixFileMode(outside));
    }

    /// <summary>
    /// A folder whose mode can't be changed: Linux refuses mode changes under /proc with EPERM even to root, as a
    /// volume root owned by root refuses them to the product's user. Linux only.
    /// </summary>
    [Fact]
    public void SecureDataFolder_ModeCannotBeChanged_LogsAWarningNamingThePathAndItsModeAndGoesOn()
    {
        var folder = $"/proc/{Environment.ProcessId}";
        if (!OperatingSystem.IsLinux() || !Directory.Exists(folder))
        {
            return;
        }

        var mode = File.GetUnixFileMode(folder);
        Assert.True((mode & ~PrivateFiles.FolderMode) != 0, $"{folder} is {mode}, nothing to narrow");
        using var logs = new RecordingLoggerProvider();

        PrivateFiles.SecureDataFolder(folder, null, logs.CreateLogger("files"));

        Assert.Equal(mode, File.GetUnixFileMode(folder));
        var warning = Assert.Single(logs.Entries);
        Assert.Equal(LogLevel.Warning, warning.Level);
        Assert.Contains(folder, warning.Message, StringComparison.Ordinal);
        Assert.Contains(Convert.ToString((int)mode, 8), warning.Message, StringComparison.Ordinal);
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

        await StartStoreAsync(database, whileServing: () =>
        {
            if (OperatingSystem.IsWindows())
            {
                return;
            }

            Assert.Equal(PrivateFiles.FolderMode, File.GetUnixFileMode(data));
            var files = Directory.GetFiles(data);
            Assert.Contains(database, files);
            Assert.Contains(database + "-wal", files);
            foreach (var file in files)
            {
                Assert.Equal(PrivateFiles.FileMode, File.GetUnixFileMode(file));
            }
        });
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

    private static async Task StartStoreAsync(string path, Action? whileServing = null)
    {
        await using var services = new ServiceCollection()
            .AddLogging()
            .AddOrleansFlowsSqliteStore(o => o.DatabasePath = path)
            .BuildServiceProvider();
        await services.GetRequiredService<IStoreBootstrap>().InitializeAsync(CancellationToken.None);

        // SQLite removes the WAL when the last connection closes, and other tests empty the connection pools at any
        // time; an unpooled connection of our own keeps it in place while the files are checked.
        await using var open = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={path};Pooling=False");
        await open.OpenAsync();

        // A grain state write, so the database has its WAL beside it as it has while serving.
        await services.GetRequiredService<IStateStore>().WriteAsync(new GrainStateWrite($"g/{Guid.NewGuid():N}", "s", "T", "{}", 0, []), CancellationToken.None);
        whileServing?.Invoke();
    }
}
