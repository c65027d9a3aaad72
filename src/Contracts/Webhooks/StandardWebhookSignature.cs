using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace OrleansFlows.Contracts.Webhooks;

/// <summary>
/// Standard Webhooks signatures: <c>webhook-signature</c> holds space-separated <c>v1,{base64}</c> entries, each an
/// HMAC-SHA256 over <c>{webhook-id}.{webhook-timestamp}.{body}</c> keyed by the base64 part of a <c>whsec_</c> secret.
/// </summary>
public static class StandardWebhookSignature
{
    public const string IdHeader = "webhook-id";
    public const string TimestampHeader = "webhook-timestamp";
    public const string SignatureHeader = "webhook-signature";
    public const string SecretPrefix = "whsec_";

    /// <summary>How far a timestamp may be from now, either way.</summary>
    public static readonly TimeSpan Tolerance = TimeSpan.FromMinutes(5);

    /// <summary>The <c>v1,…</c> signature of a message, as a sender computes it.</summary>
    public static string Sign(string secret, string id, long timestamp, ReadOnlySpan<byte> body) =>
        "v1," + Convert.ToBase64String(Compute(SecretBytes(secret), id, timestamp.ToString(CultureInfo.InvariantCulture), body));

    /// <summary>Whether any <c>v1</c> entry of <paramref name="signatureHeader"/> matches under <paramref name="secret"/>, compared in constant time.</summary>
    public static bool Verify(string secret, string id, string timestamp, ReadOnlySpan<byte> body, string signatureHeader)
    {
        var expected = Compute(SecretBytes(secret), id, timestamp, body);
        foreach (var entry in signatureHeader.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (!entry.StartsWith("v1,", StringComparison.Ordinal))
            {
                continue;
            }

            var candidate = new byte[expected.Length + 4];
            if (Convert.TryFromBase64String(entry[3..], candidate, out var written) && written == expected.Length
                && CryptographicOperations.FixedTimeEquals(candidate.AsSpan(0, written), expected))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Whether a timestamp header (Unix seconds) is within <see cref="Tolerance"/> of <paramref name="now"/>.</summary>
    public static bool IsFresh(string timestamp, DateTimeOffset now) =>
        long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
        && seconds < 253402300799
        && (DateTimeOffset.FromUnixTimeSeconds(seconds) - now).Duration() <= Tolerance;

    private static byte[] SecretBytes(string secret) =>
        Convert.FromBase64String(secret.StartsWith(SecretPrefix, StringComparison.Ordinal) ? secret[SecretPrefix.Length..] : secret);

    private static byte[] Compute(byte[] key, string id, string timestamp, ReadOnlySpan<byte> body)
    {
        var prefix = Encoding.UTF8.GetBytes($"{id}.{timestamp}.");
        var content = new byte[prefix.Length + body.Length];
        prefix.CopyTo(content, 0);
        body.CopyTo(content.AsSpan(prefix.Length));
        return HMACSHA256.HashData(key, content);
    }
}
