using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace OrleansFlows.Contracts.Tenants;

/// <summary>
/// Tenant API keys: <c>ofk_{keyId}_{secret}</c>, with a 12-character key id (so the key resolves to its tenant
/// through an index, without a scan) and 32 random bytes. Only the SHA-256 hash is stored; comparisons take constant time.
/// </summary>
public static partial class ApiKeys
{
    public const string Prefix = "ofk_";

    /// <summary>A new key and its parts.</summary>
    public static (string KeyId, string Key, string Hash) Generate()
    {
        var keyId = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6));
        var key = $"{Prefix}{keyId}_{Base64Url(RandomNumberGenerator.GetBytes(32))}";
        return (keyId, key, Hash(key));
    }

    /// <summary>The key id of a well-formed key, or null.</summary>
    public static string? KeyIdOf(string? key) => key is not null && Shape().Match(key) is { Success: true } match ? match.Groups[1].Value : null;

    public static string Hash(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    /// <summary>Whether <paramref name="key"/> hashes to <paramref name="storedHash"/>, in time that does not depend on where they differ.</summary>
    public static bool Matches(string key, string storedHash) =>
        CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Hash(key)), Encoding.ASCII.GetBytes(storedHash));

    /// <summary>A new webhook signing secret in the Standard Webhooks form <c>whsec_{base64}</c>.</summary>
    public static string NewWebhookSecret() => "whsec_" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    [GeneratedRegex("^ofk_([0-9a-f]{12})_[A-Za-z0-9_-]{43}$")]
    private static partial Regex Shape();
}
