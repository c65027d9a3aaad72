using System.Security.Cryptography;
using OrleansFlows.Contracts.Tenants;

namespace OrleansFlows.Contracts.Erasures;

/// <summary>An erasure's grain key, <c>{tenantId}/{erasureId}</c>, and its id, <c>era_</c> and 24 hex digits.</summary>
public static class ErasureKey
{
    private const string Prefix = "era_";

    /// <summary>A new erasure id.</summary>
    public static string NewId() => Prefix + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12));

    /// <summary>Whether <paramref name="erasureId"/> has the shape of an erasure id.</summary>
    public static bool IsValidId(string? erasureId) =>
        erasureId is { Length: 28 } && erasureId.StartsWith(Prefix, StringComparison.Ordinal) && erasureId.AsSpan(4).ContainsAnyExcept("0123456789abcdef") is false;

    public static string Format(TenantId tenant, string erasureId) => $"{tenant.Value}/{erasureId}";

    /// <summary>Reads a key back into its tenant and erasure id.</summary>
    /// <exception cref="FormatException">It is not an erasure key.</exception>
    public static (TenantId Tenant, string ErasureId) Parse(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var slash = key.LastIndexOf('/');
        if (slash <= 0 || !IsValidId(key[(slash + 1)..]))
        {
            throw new FormatException($"'{key}' is not an erasure key.");
        }

        return (TenantId.Parse(key[..slash]), key[(slash + 1)..]);
    }
}
