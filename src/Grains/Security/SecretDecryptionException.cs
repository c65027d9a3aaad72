namespace OrleansFlows.Grains.Security;

/// <summary>
/// A <see cref="ProtectedSecret"/> could not be decrypted: its key is not in the key ring, or the ciphertext was
/// altered, or it was encrypted for a different purpose. The message names the key id and the purpose, never the secret.
/// </summary>
public sealed class SecretDecryptionException : Exception
{
    /// <summary>Creates the exception.</summary>
    public SecretDecryptionException(string keyId, string purpose, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        KeyId = keyId;
        Purpose = purpose;
    }

    /// <summary>The id of the key the secret names.</summary>
    public string KeyId { get; }

    /// <summary>The purpose the caller asked to decrypt for.</summary>
    public string Purpose { get; }
}
