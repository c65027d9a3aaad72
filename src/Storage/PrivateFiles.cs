using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace OrleansFlows.Storage;

/// <summary>
/// Keeps the product's files to the user that runs it: the data folder 0700 and the product's own files in it 0600,
/// since they hold tenants' data (the SQLite database with lead input), encryption keys and the operator key's hash.
/// Only the files the product writes are touched (<see cref="DataFolderFiles"/>), never whatever else shares the
/// folder, and modes are only narrowed. Unix only; on Windows the folder's inherited access control applies.
/// </summary>
public static class PrivateFiles
{
    /// <summary>rwx for the owner only.</summary>
    public const UnixFileMode FolderMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    /// <summary>rw for the owner only.</summary>
    public const UnixFileMode FileMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary>
    /// Creates the folder (and missing parents) owner-only. An existing folder is left as it is: it may be shared or
    /// a volume's root; <see cref="SecureDataFolder"/> narrows the data folder at start.
    /// </summary>
    public static void CreateFolder(string path)
    {
        if (Directory.Exists(path))
        {
            return;
        }

        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(path);
        }
        else
        {
            Directory.CreateDirectory(path, FolderMode);
        }
    }

    /// <summary>
    /// Narrows the data folder to owner-only, and the product's own files in it (<see cref="DataFolderFiles.Names"/>)
    /// and the SQLite database at <paramref name="sqlitePath"/> with its -wal, -shm and -journal files, wherever it
    /// is, so files written before this build (or copied in) are fixed at start. A folder that is a symbolic link is
    /// secured at its target. Anything else in the folder keeps its mode. A mode that can't be changed (the file
    /// belongs to another user, a read-only volume) is logged as a warning and left. A missing folder is left missing.
    /// </summary>
    public static void SecureDataFolder(string path, string? sqlitePath, ILogger logger)
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        var folder = ResolveFolder(path);
        if (folder is not null)
        {
            Narrow(folder, FolderMode, logger);
            foreach (var name in DataFolderFiles.Names)
            {
                SecureFile(Path.Combine(folder, name), logger);
            }
        }

        if (!string.IsNullOrWhiteSpace(sqlitePath))
        {
            foreach (var file in DataFolderFiles.SqliteFiles(sqlitePath))
            {
                SecureFile(file, logger);
            }
        }
    }

    /// <summary>
    /// Narrows the file to owner-only if it exists and is wider. A symbolic link is left alone: its target may be
    /// anyone's. A mode that can't be changed is logged to <paramref name="logger"/> and left.
    /// </summary>
    public static void SecureFile(string path, ILogger? logger = null)
    {
        if (!OperatingSystem.IsWindows() && File.Exists(path) && !IsLink(path))
        {
            Narrow(path, FileMode, logger ?? NullLogger.Instance);
        }
    }

    /// <summary>Creates the file empty and owner-only if it is missing, else narrows it to owner-only.</summary>
    public static void CreateFile(string path, ILogger? logger = null)
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        if (!File.Exists(path))
        {
            try
            {
                using var created = new FileStream(path, new FileStreamOptions { Mode = System.IO.FileMode.CreateNew, Access = FileAccess.Write, UnixCreateMode = FileMode });
            }
            catch (IOException) when (File.Exists(path))
            {
                // Created meanwhile by another opener; its mode is fixed below.
            }
        }

        SecureFile(path, logger);
    }

    /// <summary>The folder, or the final target of a folder that is a symbolic link; null when there is none.</summary>
    private static string? ResolveFolder(string path)
    {
        var folder = new DirectoryInfo(Path.GetFullPath(path));
        if (!folder.Exists)
        {
            return null;
        }

        return folder.LinkTarget is null ? folder.FullName : folder.ResolveLinkTarget(returnFinalTarget: true)?.FullName;
    }

    /// <summary>Clears the bits of <paramref name="path"/>'s mode beyond <paramref name="allowed"/>; a mode already within is not touched.</summary>
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    private static void Narrow(string path, UnixFileMode allowed, ILogger logger)
    {
        var mode = File.GetUnixFileMode(path);
        if ((mode & ~allowed) == 0)
        {
            return;
        }

        try
        {
            File.SetUnixFileMode(path, mode & allowed);
        }
        catch (Exception e) when (e is UnauthorizedAccessException or IOException)
        {
            PrivateFilesLog.LogModeNotNarrowed(logger, path, ToOctal(mode), ToOctal(mode & allowed), e.Message);
        }
    }

    private static string ToOctal(UnixFileMode mode) => Convert.ToString((int)mode, 8).PadLeft(4, '0');

    private static bool IsLink(string path) => new FileInfo(path).LinkTarget is not null;
}
