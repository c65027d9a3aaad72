using System.Reflection;
using System.Security.Cryptography;

namespace OrleansFlows.Api.WebConsole;

/// <summary>
/// The console's files, built into the API assembly (<c>WebConsole/Assets/**</c>), so every deployment serves the
/// console of its own version without a web root on disk.
/// </summary>
internal sealed class ConsoleAssets
{
    /// <summary>The prefix of the console's resource names (see the API's project file).</summary>
    public const string ResourcePrefix = "OrleansFlows.Api.Console/";

    private static readonly Dictionary<string, string> ContentTypes = new(StringComparer.OrdinalIgnoreCase)
    {
        [".html"] = "text/html; charset=utf-8",
        [".js"] = "text/javascript; charset=utf-8",
        [".css"] = "text/css; charset=utf-8",
        [".svg"] = "image/svg+xml",
        [".png"] = "image/png",
    };

    private readonly Dictionary<string, ConsoleAsset> _files;

    private ConsoleAssets(Dictionary<string, ConsoleAsset> files) => _files = files;

    /// <summary>The file at <paramref name="path"/> (such as <c>js/app.js</c>), or null.</summary>
    public ConsoleAsset? Find(string path) => _files.GetValueOrDefault(path);

    /// <summary>Reads every console resource of <paramref name="assembly"/>; a file of an unknown type stops the host, naming it.</summary>
    public static ConsoleAssets Load(Assembly assembly)
    {
        var files = new Dictionary<string, ConsoleAsset>(StringComparer.Ordinal);
        foreach (var name in assembly.GetManifestResourceNames().Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal)))
        {
            var path = name[ResourcePrefix.Length..].Replace('\\', '/');
            if (!ContentTypes.TryGetValue(Path.GetExtension(path), out var contentType))
            {
                throw new InvalidOperationException($"The console file '{path}' has a type the console does not serve; allowed: {string.Join(", ", ContentTypes.Keys)}.");
            }

            using var stream = assembly.GetManifestResourceStream(name)!;
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            var content = copy.ToArray();
            files[path] = new ConsoleAsset(content, contentType, $"\"{Convert.ToHexStringLower(SHA256.HashData(content))[..32]}\"");
        }

        if (!files.ContainsKey(ConsoleEndpoints.IndexFile))
        {
            throw new InvalidOperationException($"The API was built without the console's '{ConsoleEndpoints.IndexFile}' (resources '{ResourcePrefix}*').");
        }

        return new ConsoleAssets(files);
    }
}
