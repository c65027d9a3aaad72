using System.Security.Cryptography;

namespace OrleansFlows.Grains.Security;

/// <summary>
/// The AES-256-GCM keys that protect secrets, by key id. The active key encrypts; every key decrypts, so that
/// secrets written before a rotation stay readable. Immutable: <see cref="WithActiveKey"/> returns a new ring.
/// </summary>
/// <remarks>Key material never leaves the ring except to <see cref="SecretProtector"/>, and never appears in a message.</remarks>
public sealed class SecretKeyRing
{
    /// <summary>The length of an AES-256 key, in bytes.</summary>
    public const int KeySizeBytes = 32;

    /// <summary>The longest key id.</summary>
    public const int MaxKeyIdLength = 64;

    private readonly Dictionary<string, byte[]> _keys;

    /// <summary>Creates a ring from keys in order of preference: the first is active, the rest decrypt only.</summary>
    /// <param name="keys">The key ids and their 32-byte keys. The bytes are copied.</param>
    /// <exception cref="EncryptionKeyConfigurationException">No keys, an invalid or duplicate key id, or a key that is not 32 bytes.</exception>
    public SecretKeyRing(IEnumerable<KeyValuePair<string, byte[]>> keys)
    {
        ArgumentNullException.ThrowIfNull(keys);
        _keys = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        var order = new List<string>();
        foreach (var (keyId, key) in keys)
        {
            if (!IsValidKeyId(keyId))
            {
                throw new EncryptionKeyConfigurationException(
                    $"Encryption key number {order.Count + 1} has an invalid key id; key ids are 1 to {MaxKeyIdLength} letters, digits, '.', '_' or '-'.");
            }

            if (key is null || key.Length != KeySizeBytes)
            {
                throw new EncryptionKeyConfigurationException(
                    $"Encryption key '{keyId}' is {key?.Length ?? 0} bytes; AES-256-GCM needs exactly {KeySizeBytes} bytes (44 base64 characters).");
            }

            if (!_keys.TryAdd(keyId, key.ToArray()))
            {
                throw new EncryptionKeyConfigurationException($"Encryption key id '{keyId}' appears more than once; each key needs its own id.");
            }

            order.Add(keyId);
        }

        if (order.Count == 0)
        {
            throw new EncryptionKeyConfigurationException("The encryption key ring is empty; at least one key is needed.");
        }

        ActiveKeyId = order[0];
        KeyIds = order.AsReadOnly();
    }

    /// <summary>The id of the key that encrypts new secrets.</summary>
    public string ActiveKeyId { get; }

    /// <summary>Every key id, the active one first.</summary>
    public IReadOnlyList<string> KeyIds { get; }

    /// <summary>Generates a random 32-byte key.</summary>
    public static byte[] GenerateKey() => RandomNumberGenerator.GetBytes(KeySizeBytes);

    /// <summary>Whether <paramref name="keyId"/> is 1 to 64 ASCII letters, digits, '.', '_' or '-'.</summary>
    public static bool IsValidKeyId(string? keyId) =>
        !string.IsNullOrEmpty(keyId)
        && keyId.Length <= MaxKeyIdLength
        && keyId.All(static c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-');

    /// <summary>Whether the ring holds a key with this id.</summary>
    public bool Contains(string keyId) => _keys.ContainsKey(keyId);

    /// <summary>Returns a ring in which <paramref name="keyId"/> is a new, active key and every current key still decrypts.</summary>
    /// <exception cref="EncryptionKeyConfigurationException">The id is invalid or already in the ring, or the key is not 32 bytes.</exception>
    public SecretKeyRing WithActiveKey(string keyId, byte[] key) =>
        new(KeyIds.Select(id => new KeyValuePair<string, byte[]>(id, _keys[id])).Prepend(new(keyId, key)));

    internal bool TryGetKey(string keyId, out byte[] key) => _keys.TryGetValue(keyId, out key!);

    internal byte[] ActiveKey => _keys[ActiveKeyId];
}
