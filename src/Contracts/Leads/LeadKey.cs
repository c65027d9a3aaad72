using System.Diagnostics.CodeAnalysis;
using OrleansFlows.Contracts.Tenants;

namespace OrleansFlows.Contracts.Leads;

/// <summary>A lead's key, <c>{tenantId}/{leadId}</c>, the key of its <see cref="ILeadGrain"/>.</summary>
[GenerateSerializer]
[Alias("OrleansFlows.LeadKey")]
public readonly record struct LeadKey(TenantId Tenant, string LeadId)
{
    /// <summary>The longest lead id accepted.</summary>
    public const int MaxLeadIdLength = 64;

    /// <summary>Formats the grain key.</summary>
    public override string ToString() => $"{Tenant.Value}/{LeadId}";

    /// <summary>Creates a key, checking the lead id: 1 to 64 letters, digits, '-' and '_'.</summary>
    /// <exception cref="ArgumentException">The lead id is invalid.</exception>
    public static LeadKey Create(TenantId tenant, string leadId) =>
        IsValidLeadId(leadId) ? new LeadKey(tenant, leadId) : throw new ArgumentException($"Lead id '{leadId}' must be 1 to {MaxLeadIdLength} letters, digits, '-' or '_'.", nameof(leadId));

    /// <summary>Parses a grain key <c>{tenantId}/{leadId}</c>.</summary>
    public static bool TryParse(string text, [NotNullWhen(true)] out LeadKey? key)
    {
        key = null;
        var slash = text.IndexOf('/');
        if (slash <= 0 || !TenantId.TryParse(text[..slash], out var tenant, out _) || !IsValidLeadId(text[(slash + 1)..]))
        {
            return false;
        }

        key = new LeadKey(tenant, text[(slash + 1)..]);
        return true;
    }

    /// <summary>Parses a grain key.</summary>
    /// <exception cref="ArgumentException">The text is not a lead key.</exception>
    public static LeadKey Parse(string text) =>
        TryParse(text, out var key) ? key.Value : throw new ArgumentException($"'{text}' is not a lead key of the form 'tenantId/leadId'.", nameof(text));

    /// <summary>Whether a lead id has only letters, digits, '-' and '_', 1 to 64 of them.</summary>
    public static bool IsValidLeadId(string? leadId) =>
        !string.IsNullOrEmpty(leadId) && leadId.Length <= MaxLeadIdLength && leadId.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');
}
