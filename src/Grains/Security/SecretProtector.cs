using System.Security.Cryptography;
using System.Text;

namespace OrleansFlows.Grains.Security;

/// <summary>
/// Encrypts and decrypts secrets with AES-256-GCM under a <see cref="SecretKeyRing"/>. Thread-safe.
/// </summary>
/// <remarks>
/// The purpose (for example <c>tenant/acme/connection/slack</c>) is authenticated as associated data, together
/// with the format version and the key id: a ciphertext copied to another tenant or connection fails to decrypt
/// instead of leaking a credential there. Each encryption draws a fresh random 12-byte nonce.
/// </remarks>
public sealed class SecretProtector
{
    private readonly SecretKeyRing _keyRing;

    /// <summary>Creates a protector over <paramref name="keyRing"/>.</summary>
    public SecretProtector(SecretKeyRing keyRing)
    {
        ArgumentNullException.ThrowIfNull(keyRing);
        _keyRing = keyRing;
    }

    /// <summary>Encrypts <paramref name="plaintext"/> for <paramref name="purpose"/> with the active key.</summary>
    /// <param name="plaintext">The secret.</param>
    /// <param name="purpose">Where the secret belongs, such as <c>tenant/acme/connection/slack</c>; decryption must name the same purpose.</param>
    public ProtectedSecret Protect(string plaintext, string purpose)
    {
        ArgumentNullException.ThrowIfNull(plaintext);
        ArgumentException.ThrowIfNullOrWhiteSpace(purpose);
        var keyId = _keyRing.ActiveKeyId;
        var plainBytes = Encoding.UTF8.GetBytes(plaintext);
        var payload = new byte[ProtectedSecret.NonceSize + plainBytes.Length + ProtectedSecret.TagSize];
        var nonce = payload.AsSpan(0, ProtectedSecret.NonceSize);
        RandomNumberGenerator.Fill(nonce);
        using (var aes = new AesGcm(_keyRing.ActiveKey, ProtectedSecret.TagSize))
        {
            aes.Encrypt(
                nonce,
                plainBytes,
                payload.AsSpan(ProtectedSecret.NonceSize, plainBytes.Length),
                payload.AsSpan(ProtectedSecret.NonceSize + plainBytes.Length),
                AssociatedData(keyId, purpose));
        }

        CryptographicOperations.ZeroMemory(plainBytes);
        return ProtectedSecret.Create(keyId, payload);
    }

    /// <summary>Decrypts <paramref name="secret"/>, which must have been protected for <paramref name="purpose"/>.</summary>
    /// <exception cref="SecretDecryptionException">The key is not in the ring, the ciphertext was altered, or the purpose differs.</exception>
    public string Unprotect(ProtectedSecret secret, string purpose)
    {
        ArgumentNullException.ThrowIfNull(secret);
        ArgumentException.ThrowIfNullOrWhiteSpace(purpose);
        var keyId = secret.KeyId;
        if (!_keyRing.TryGetKey(keyId, out var key))
        {
            throw new SecretDecryptionException(
                keyId,
                purpose,
                $"Cannot decrypt the secret for '{purpose}': it was encrypted with key '{keyId}', which is not in the key ring (keys: {string.Join(", ", _keyRing.KeyIds)}). Restore that key to the configured encryption keys.");
        }

        var payload = secret.DecodePayload();
        var cipherLength = payload.Length - ProtectedSecret.NonceSize - ProtectedSecret.TagSize;
        var plainBytes = new byte[cipherLength];
        try
        {
            using var aes = new AesGcm(key, ProtectedSecret.TagSize);
            aes.Decrypt(
                payload.AsSpan(0, ProtectedSecret.NonceSize),
                payload.AsSpan(ProtectedSecret.NonceSize, cipherLength),
                payload.AsSpan(ProtectedSecret.NonceSize + cipherLength),
                plainBytes,
                AssociatedData(keyId, purpose));
            return Encoding.UTF8.GetString(plainBytes);
        }
        catch (AuthenticationTagMismatchException ex)
        {
            throw new SecretDecryptionException(
                keyId,
                purpose,
                $"Cannot decrypt the secret for '{purpose}' with key '{keyId}': the ciphertext was altered, or it was encrypted for a different purpose.",
                ex);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(plainBytes);
        }
    }

    private static byte[] AssociatedData(string keyId, string purpose) =>
        Encoding.UTF8.GetBytes($"{ProtectedSecret.FormatVersion}:{keyId}:{purpose}");
}
