using System.Net;
using OrleansFlows.Storage;

namespace OrleansFlows.Api.Tests.Hosting;

/// <summary>
/// One data folder: with <c>OrleansFlows:DataDirectory</c> set and no SQLite path, the host keeps the SQLite database,
/// the encryption keys and the operator key's hash there, and nowhere else; the folder is 0700 and its files 0600.
/// An explicit SQLite path still wins.
/// </summary>
public sealed class DataDirectoryTests : IDisposable
{
    private readonly TempFolder _root = new();

    [Fact]
    public async Task Start_DataDirectorySetWithoutSqlitePath_KeepsEveryFileThereOwnerOnly()
    {
        var data = Path.Combine(_root.Path, "state", "here");

        await StartAsync(data, sqlitePath: null);

        Assert.True(File.Exists(Path.Combine(data, "orleansflows.db")), "the SQLite database is not in the data folder");
        Assert.True(File.Exists(Path.Combine(data, "encryption-keys.json")), "the encryption keys are not in the data folder");
        Assert.True(File.Exists(Path.Combine(data, "operator-key.sha256")), "the operator key hash is not in the data folder");
        Assert.Equal(["here"], Directory.GetDirectories(Path.Combine(_root.Path, "state")).Select(Path.GetFileName));
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(data));
            foreach (var file in Directory.GetFiles(data))
            {
                Assert.True(File.GetUnixFileMode(file) == (UnixFileMode.UserRead | UnixFileMode.UserWrite), $"{file} is {File.GetUnixFileMode(file)}");
            }
        }
    }

    [Fact]
    public async Task Start_SqlitePathSet_WinsOverTheDataDirectory()
    {
        var data = Path.Combine(_root.Path, "data");
        var database = Path.Combine(_root.Path, "db", "chosen.db");

        await StartAsync(data, database);

        Assert.True(File.Exists(database), "the configured SQLite path was not used");
        Assert.False(File.Exists(Path.Combine(data, "orleansflows.db")), "a second database was made in the data folder");
        Assert.True(File.Exists(Path.Combine(data, "encryption-keys.json")));
    }

    [Fact]
    public async Task Start_FolderAndFilesLeftReadableByAnOlderBuild_MakesThemOwnerOnly()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        var data = Path.Combine(_root.Path, "data");
        await StartAsync(data, sqlitePath: null);
        const UnixFileMode Readable = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead;
        foreach (var file in Directory.GetFiles(data))
        {
            File.SetUnixFileMode(file, Readable);
        }

        File.SetUnixFileMode(data, Readable | UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute);

        await StartAsync(data, sqlitePath: null);

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(data));
        foreach (var file in Directory.GetFiles(data))
        {
            Assert.True(File.GetUnixFileMode(file) == (UnixFileMode.UserRead | UnixFileMode.UserWrite), $"{file} is {File.GetUnixFileMode(file)}");
        }
    }

    [Fact]
    public async Task Start_DataFolderHoldsFilesNotOurs_KeepsTheirModesAndWritesOnlyKnownFiles()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        var data = Path.Combine(_root.Path, "data");
        Directory.CreateDirectory(data);
        var program = Path.Combine(data, "run.sh");
        File.WriteAllText(program, "#!/bin/sh\n");
        const UnixFileMode Executable = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
            | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute;
        File.SetUnixFileMode(program, Executable);

        await StartAsync(data, sqlitePath: null);
        await StartAsync(data, sqlitePath: null);

        Assert.Equal(Executable, File.GetUnixFileMode(program));
        var written = Directory.GetFiles(data).Select(Path.GetFileName).Where(name => name != "run.sh");
        Assert.All(written, name => Assert.Contains(name, DataFolderFiles.Names));
    }

    [Fact]
    public async Task Start_DataFolderIsASymbolicLink_SecuresItsTarget()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        var volume = Path.Combine(_root.Path, "mnt", "volume");
        Directory.CreateDirectory(volume);
        File.SetUnixFileMode(volume, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        var data = Path.Combine(_root.Path, "data");
        Directory.CreateSymbolicLink(data, volume);

        await StartAsync(data, sqlitePath: null);

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(volume));
        Assert.True(File.Exists(Path.Combine(volume, "orleansflows.db")), "the SQLite database is not in the link's target");
    }

    public void Dispose() => _root.Dispose();

    /// <summary>Starts the host with no operator key (so the first run writes its hash), waits until it is ready, and stops it.</summary>
    private static async Task StartAsync(string data, string? sqlitePath)
    {
        await using var host = ApiHost.Sqlite(data, withOperatorKey: false, new Dictionary<string, string?> { ["OrleansFlows:Storage:SqlitePath"] = sqlitePath });
        using var client = host.CreateClient();
        using var ready = await client.GetAsync("/health/ready");
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
    }
}
