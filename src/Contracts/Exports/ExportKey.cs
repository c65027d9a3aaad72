using System.Security.Cryptography;
using OrleansFlows.Contracts.Tenants;

namespace OrleansFlows.Contracts.Exports;

/// <summary>An export's grain key, <c>{tenantId}/{exportId}</c>, and its id, <c>exp_</c> and 24 hex digits.</summary>
public static class ExportKey
{
    private const string Prefix = "exp_";

    /// <summary>A new export id.</summary>
    public static string NewId() => Prefix + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12));

    /// <summary>Whether <paramref name="exportId"/> has the shape of an export id.</summary>
    public static bool IsValidId(string? exportId) =>
        exportId is { Length: 28 } && exportId.StartsWith(Prefix, StringComparison.Ordinal) && exportId.AsSpan(4).ContainsAnyExcept("0123456789abcdef") is false;

    public static string Format(TenantId tenant, string exportId) => $"{tenant.Value}/{exportId}";

    /// <summary>Reads a key back into its tenant and export id.</summary>
    /// <exception cref="FormatException">It is not an export key.</exception>
    public static (TenantId Tenant, string ExportId) Parse(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var slash = key.LastIndexOf('/');
        if (slash <= 0 || !IsValidId(key[(slash + 1)..]))
        {
            throw new FormatException($"'{key}' is not an export key.");
        }

        return (TenantId.Parse(key[..slash]), key[(slash + 1)..]);
    }
}
