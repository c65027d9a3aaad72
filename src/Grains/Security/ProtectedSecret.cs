using System.Buffers.Text;
using System.Text.Json.Serialization;

namespace OrleansFlows.Grains.Security;

/// <summary>
/// A secret encrypted by <see cref="SecretProtector"/>, in the form <c>v1:{keyId}:{base64url(nonce|ciphertext|tag)}</c>.
/// It is what grain state stores; the plaintext only exists transiently, in the hands of the code that needs it.
/// </summary>
/// <remarks>
/// <see cref="ToString"/> returns <c>***</c>, so a secret that reaches a log or an exception message shows nothing.
/// JSON holds only <see cref="Ciphertext"/>.
/// </remarks>
[JsonConverter(typeof(ProtectedSecretJsonConverter))]
public sealed record ProtectedSecret
{
    /// <summary>The format version that every ciphertext starts with.</summary>
    public const string FormatVersion = "v1";

    /// <summary>What <see cref="ToString"/> returns.</summary>
    public const string Redacted = "***";

    internal const int NonceSize = 12;
    internal const int TagSize = 16;

    /// <summary>Wraps a ciphertext produced by <see cref="SecretProtector.Protect"/>.</summary>
    /// <param name="ciphertext">The ciphertext, <c>v1:{keyId}:{base64url(nonce|ciphertext|tag)}</c>.</param>
    /// <exception cref="FormatException">The text is not in that form. The message never repeats the text, in case it is a plaintext passed by mistake.</exception>
    public ProtectedSecret(string ciphertext)
    {
        ArgumentNullException.ThrowIfNull(ciphertext);
        KeyId = ParseKeyId(ciphertext);
        Ciphertext = ciphertext;
    }

    /// <summary>The stored form, <c>v1:{keyId}:{base64url(nonce|ciphertext|tag)}</c>. It reveals nothing without the key.</summary>
    public string Ciphertext { get; }

    /// <summary>The id of the key that encrypted this secret.</summary>
    public string KeyId { get; }

    /// <summary>Returns <c>***</c>: a secret is never shown.</summary>
    public override string ToString() => Redacted;

    /// <summary>The nonce, ciphertext and tag, decoded.</summary>
    internal byte[] DecodePayload() => Base64Url.DecodeFromChars(Ciphertext.AsSpan(Ciphertext.IndexOf(':', FormatVersion.Length + 1) + 1));

    internal static ProtectedSecret Create(string keyId, ReadOnlySpan<byte> payload) =>
        new($"{FormatVersion}:{keyId}:{Base64Url.EncodeToString(payload)}");

    private static string ParseKeyId(string ciphertext)
    {
        var parts = ciphertext.Split(':');
        if (parts.Length != 3 || parts[0] != FormatVersion)
        {
            throw new FormatException($"A protected secret must have the form '{FormatVersion}:{{keyId}}:{{payload}}'; this value does not.");
        }

        if (!SecretKeyRing.IsValidKeyId(parts[1]))
        {
            throw new FormatException("A protected secret names an invalid key id; key ids are 1 to 64 letters, digits, '.', '_' or '-'.");
        }

        if (!Base64Url.IsValid(parts[2], out var length) || length < NonceSize + TagSize)
        {
            throw new FormatException($"The payload of a protected secret encrypted with key '{parts[1]}' is not base64url, or is shorter than a nonce and a tag.");
        }

        return parts[1];
    }
}
