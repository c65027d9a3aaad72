namespace OrleansFlows.Storage;

/// <summary>
/// Keeps the product's files to the user that runs it: folders 0700 and files 0600, since they hold tenants' data
/// (the SQLite database with lead input), encryption keys and the operator key's hash. Unix only; on Windows the
/// folder's inherited access control applies and nothing is changed.
/// </summary>
public static class PrivateFiles
{
    /// <summary>rwx for the owner only.</summary>
    public const UnixFileMode FolderMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    /// <summary>rw for the owner only.</summary>
    public const UnixFileMode FileMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary>Creates the folder (and missing parents) owner-only, or makes an existing one owner-only with everything in it.</summary>
    public static void CreateFolder(string path)
    {
        if (Directory.Exists(path))
        {
            SecureFolder(path);
        }
        else if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(path);
        }
        else
        {
            Directory.CreateDirectory(path, FolderMode);
        }
    }

    /// <summary>
    /// Makes an existing folder owner-only, with every folder and file under it, so files written before this build
    /// (or copied in) are fixed at start. Symbolic links are left alone: their targets may be anyone's. A missing
    /// folder is left missing.
    /// </summary>
    public static void SecureFolder(string path)
    {
        if (OperatingSystem.IsWindows() || !Directory.Exists(path) || IsLink(path))
        {
            return;
        }

        File.SetUnixFileMode(path, FolderMode);
        foreach (var entry in new DirectoryInfo(path).EnumerateFileSystemInfos())
        {
            if (entry.LinkTarget is not null)
            {
                continue;
            }

            if (entry is DirectoryInfo folder)
            {
                SecureFolder(folder.FullName);
            }
            else
            {
                File.SetUnixFileMode(entry.FullName, FileMode);
            }
        }
    }

    /// <summary>Makes the file owner-only if it exists.</summary>
    public static void SecureFile(string path)
    {
        if (!OperatingSystem.IsWindows() && File.Exists(path) && !IsLink(path))
        {
            File.SetUnixFileMode(path, FileMode);
        }
    }

    /// <summary>Creates the file empty and owner-only if it is missing, else makes it owner-only.</summary>
    public static void CreateFile(string path)
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

        SecureFile(path);
    }

    private static bool IsLink(string path) => new FileInfo(path).LinkTarget is not null;
}
