namespace OrleansFlows.Grains.Security;

/// <summary>
/// The encryption keys are misconfigured: a key with the wrong length or bad base64, a duplicate or invalid key id,
/// or an unreadable key file. The message names the key id or the entry, never the key.
/// </summary>
public sealed class EncryptionKeyConfigurationException : Exception
{
    /// <summary>Creates the exception.</summary>
    public EncryptionKeyConfigurationException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }
}
