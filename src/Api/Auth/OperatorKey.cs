using System.Security.Cryptography;
using System.Text;

namespace OrleansFlows.Api.Auth;

/// <summary>The operator key, held only as a SHA-256 hash and compared in constant time.</summary>
public sealed class OperatorKey
{
    /// <summary>The prefix every generated operator key carries.</summary>
    public const string Prefix = "ofop_";

    private readonly byte[] _hash;

    private OperatorKey(byte[] hash) => _hash = hash;

    /// <summary>From the key itself.</summary>
    public static OperatorKey FromSecret(string key) => new(Hash(key));

    /// <summary>From a stored hex hash.</summary>
    public static OperatorKey FromHashHex(string hex) => new(Convert.FromHexString(hex.Trim()));

    /// <summary>A new random key: the prefix and 32 random bytes, base64url.</summary>
    public static string Generate() => Prefix + Base64Url(RandomNumberGenerator.GetBytes(32));

    /// <summary>The hex hash to store.</summary>
    public string HashHex => Convert.ToHexString(_hash);

    /// <summary>Whether <paramref name="candidate"/> is the key, in time that does not depend on where they differ.</summary>
    public bool Matches(string candidate) => CryptographicOperations.FixedTimeEquals(Hash(candidate), _hash);

    private static byte[] Hash(string key) => SHA256.HashData(Encoding.UTF8.GetBytes(key));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
