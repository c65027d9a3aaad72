using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace OrleansFlows.Grains.Security;

/// <summary>
/// Loads the <see cref="SecretKeyRing"/>: from configuration if <see cref="ConfigurationKey"/> is set, otherwise from
/// <see cref="FileName"/> in the data directory, which the first run creates with one random key.
/// </summary>
/// <remarks>
/// <para>
/// Configuration holds <c>keyId:base64key</c> entries separated by <c>;</c>, the active key first, for example the
/// environment variable <c>OrleansFlows__EncryptionKeys=k2:…;k1:…</c>. To rotate, put a new key first and keep the old
/// ones for as long as secrets encrypted with them exist.
/// </para>
/// <para>
/// The key file is <c>{"keys":[{"id":"k1","key":"base64…","createdAt":"…"}]}</c>, the active key first, created with
/// mode 600. Two processes starting at once on one data directory agree on one file: a new file is written aside and
/// moved into place only if none exists yet.
/// </para>
/// </remarks>
public static partial class SecretKeyRingLoader
{
    /// <summary>The configuration key that holds the encryption keys.</summary>
    public const string ConfigurationKey = "OrleansFlows:EncryptionKeys";

    /// <summary>The key file's name in the data directory.</summary>
    public const string FileName = "encryption-keys.json";

    /// <summary>The id of the key that a first run generates.</summary>
    public const string GeneratedKeyId = "k1";

    private const UnixFileMode OwnerOnlyFile = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private const UnixFileMode OwnerOnlyDirectory = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    private const UnixFileMode GroupOrOtherAccess = UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute
        | UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;

    /// <summary>Loads the key ring from <paramref name="configuration"/>, else from the key file in <paramref name="dataDirectory"/>, creating it on first run.</summary>
    /// <exception cref="EncryptionKeyConfigurationException">The configured keys or the key file are malformed.</exception>
    public static SecretKeyRing Load(IConfiguration configuration, string dataDirectory, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentException.ThrowIfNullOrWhiteSpace(dataDirectory);
        logger ??= NullLogger.Instance;

        var path = Path.Combine(Path.GetFullPath(dataDirectory), FileName);
        var configured = configuration[ConfigurationKey];
        if (!string.IsNullOrWhiteSpace(configured))
        {
            var ring = Parse(configured);
            LogKeysFromConfiguration(logger, ring.ActiveKeyId, ring.KeyIds.Count);
            if (File.Exists(path))
            {
                LogKeyFileIgnored(logger, path);
            }

            return ring;
        }

        if (!File.Exists(path) && TryCreateKeyFile(path))
        {
            LogKeyFileCreated(logger, path, GeneratedKeyId);
        }

        var fileRing = ReadKeyFile(path);
        if (!OperatingSystem.IsWindows() && (File.GetUnixFileMode(path) & GroupOrOtherAccess) != 0)
        {
            LogKeyFileTooOpen(logger, path);
        }

        LogKeysFromFile(logger, path, fileRing.ActiveKeyId, fileRing.KeyIds.Count);
        return fileRing;
    }

    /// <summary>Parses <c>keyId:base64key;keyId:base64key</c>, the active key first.</summary>
    /// <exception cref="EncryptionKeyConfigurationException">An entry is malformed; the message names its key id or its position, never the key.</exception>
    public static SecretKeyRing Parse(string keys)
    {
        ArgumentNullException.ThrowIfNull(keys);
        var entries = keys.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var parsed = new List<KeyValuePair<string, byte[]>>(entries.Length);
        for (var i = 0; i < entries.Length; i++)
        {
            var separator = entries[i].IndexOf(':', StringComparison.Ordinal);
            if (separator <= 0)
            {
                throw new EncryptionKeyConfigurationException(
                    $"Entry {i + 1} of {ConfigurationKey} has no key id; each entry is 'keyId:base64key', entries separated by ';'.");
            }

            var keyId = entries[i][..separator];
            parsed.Add(new(keyId, DecodeKey(keyId, entries[i][(separator + 1)..], ConfigurationKey)));
        }

        return new SecretKeyRing(parsed);
    }

    private static byte[] DecodeKey(string keyId, string base64, string source)
    {
        if (!SecretKeyRing.IsValidKeyId(keyId))
        {
            throw new EncryptionKeyConfigurationException(
                $"A key id in {source} is invalid; key ids are 1 to {SecretKeyRing.MaxKeyIdLength} letters, digits, '.', '_' or '-'.");
        }

        try
        {
            return Convert.FromBase64String(base64);
        }
        catch (FormatException)
        {
            // Base64url is accepted too, since keys are often generated that way.
            if (Base64Url.IsValid(base64))
            {
                return Base64Url.DecodeFromChars(base64);
            }

            throw new EncryptionKeyConfigurationException($"Encryption key '{keyId}' in {source} is not valid base64.");
        }
    }

    private static SecretKeyRing ReadKeyFile(string path)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(File.ReadAllBytes(path));
        }
        catch (JsonException ex)
        {
            throw new EncryptionKeyConfigurationException(
                $"Encryption key file '{path}' is not valid JSON; expected {{\"keys\":[{{\"id\":\"k1\",\"key\":\"base64…\"}}]}}.", ex);
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object
                || !document.RootElement.TryGetProperty("keys", out var keys)
                || keys.ValueKind != JsonValueKind.Array)
            {
                throw new EncryptionKeyConfigurationException(
                    $"Encryption key file '{path}' has no 'keys' array; expected {{\"keys\":[{{\"id\":\"k1\",\"key\":\"base64…\"}}]}}.");
            }

            var parsed = new List<KeyValuePair<string, byte[]>>();
            foreach (var entry in keys.EnumerateArray())
            {
                if (entry.ValueKind != JsonValueKind.Object
                    || !entry.TryGetProperty("id", out var id) || id.ValueKind != JsonValueKind.String
                    || !entry.TryGetProperty("key", out var key) || key.ValueKind != JsonValueKind.String)
                {
                    throw new EncryptionKeyConfigurationException(
                        $"Entry {parsed.Count + 1} of encryption key file '{path}' needs string properties 'id' and 'key'.");
                }

                var keyId = id.GetString()!;
                parsed.Add(new(keyId, DecodeKey(keyId, key.GetString()!, $"'{path}'")));
            }

            return new SecretKeyRing(parsed);
        }
    }

    /// <summary>Writes a new key file unless one exists; returns whether this call created it.</summary>
    private static bool TryCreateKeyFile(string path)
    {
        var directory = Path.GetDirectoryName(path)!;
        if (!Directory.Exists(directory))
        {
            if (OperatingSystem.IsWindows())
            {
                Directory.CreateDirectory(directory);
            }
            else
            {
                Directory.CreateDirectory(directory, OwnerOnlyDirectory);
            }
        }

        var temporary = $"{path}.{Guid.NewGuid():N}.tmp";
        var key = SecretKeyRing.GenerateKey();
        try
        {
            var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None };
            if (!OperatingSystem.IsWindows())
            {
                options.UnixCreateMode = OwnerOnlyFile;
            }

            using (var stream = new FileStream(temporary, options))
            {
                using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
                {
                    writer.WriteStartObject();
                    writer.WriteStartArray("keys");
                    writer.WriteStartObject();
                    writer.WriteString("id", GeneratedKeyId);
                    writer.WriteBase64String("key", key);
                    writer.WriteString("createdAt", DateTimeOffset.UtcNow);
                    writer.WriteEndObject();
                    writer.WriteEndArray();
                    writer.WriteEndObject();
                }

                stream.Flush(flushToDisk: true);
            }

            try
            {
                File.Move(temporary, path, overwrite: false);
                return true;
            }
            catch (IOException) when (File.Exists(path))
            {
                // Another process created the file first; its key wins, so that both use the same one.
                return false;
            }
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
            File.Delete(temporary);
        }
    }

    [LoggerMessage(EventId = 3300, Level = LogLevel.Information, Message = "Encryption keys come from configuration; active key {ActiveKeyId}, {KeyCount} key(s)")]
    private static partial void LogKeysFromConfiguration(ILogger logger, string activeKeyId, int keyCount);

    [LoggerMessage(EventId = 3301, Level = LogLevel.Warning, Message = "Created encryption key file {Path} with new key {KeyId}; back it up, since secrets encrypted with it cannot be read without it")]
    private static partial void LogKeyFileCreated(ILogger logger, string path, string keyId);

    [LoggerMessage(EventId = 3302, Level = LogLevel.Information, Message = "Encryption keys come from {Path}; active key {ActiveKeyId}, {KeyCount} key(s)")]
    private static partial void LogKeysFromFile(ILogger logger, string path, string activeKeyId, int keyCount);

    [LoggerMessage(EventId = 3304, Level = LogLevel.Warning, Message = "Encryption key file {Path} is ignored because configuration sets the keys; secrets encrypted with its keys stay readable only if the configured keys include them")]
    private static partial void LogKeyFileIgnored(ILogger logger, string path);

    [LoggerMessage(EventId = 3303, Level = LogLevel.Warning, Message = "Encryption key file {Path} is readable by other users; restrict it to its owner (chmod 600)")]
    private static partial void LogKeyFileTooOpen(ILogger logger, string path);
}
