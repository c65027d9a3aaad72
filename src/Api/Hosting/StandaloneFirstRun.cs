using OrleansFlows.Api.Auth;
using OrleansFlows.Storage;

namespace OrleansFlows.Api.Hosting;

/// <summary>
/// Prepares the standalone data folder: on first run it creates the folder and an operator key, prints the key once,
/// and keeps only its hash. A configured key overrides the generated one.
/// </summary>
internal static class StandaloneFirstRun
{
    private const string OperatorKeyHashFile = DataFolderFiles.OperatorKeyHash;

    public static OperatorKey PrepareOperatorKey(ApiOptions options, TextWriter console)
    {
        if (!string.IsNullOrWhiteSpace(options.OperatorKey))
        {
            return OperatorKey.FromSecret(options.OperatorKey);
        }

        PrivateFiles.CreateFolder(options.DataDirectory);
        var hashPath = Path.Combine(options.DataDirectory, OperatorKeyHashFile);
        if (File.Exists(hashPath))
        {
            return OperatorKey.FromHashHex(File.ReadAllText(hashPath));
        }

        var secret = OperatorKey.Generate();
        var key = OperatorKey.FromSecret(secret);
        File.WriteAllText(hashPath, key.HashHex);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(hashPath, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        console.WriteLine("==================================================================");
        console.WriteLine(" OrleansFlows first run: your operator key (shown only this once):");
        console.WriteLine($"   {secret}");
        console.WriteLine($" Only its hash is kept, in {Path.GetFullPath(hashPath)}.");
        console.WriteLine(" Lost it? Stop the host, delete that file, and start again.");
        console.WriteLine("==================================================================");
        return key;
    }
}
