using System.Diagnostics.CodeAnalysis;

namespace OrleansFlows.Contracts.Tenants;

/// <summary>A tenant's id: 1 to 64 lower-case letters, digits and dashes, starting with a letter or digit.</summary>
[GenerateSerializer]
[Alias("OrleansFlows.TenantId")]
public readonly record struct TenantId
{
    /// <summary>The longest id accepted.</summary>
    public const int MaxLength = 64;

    private TenantId(string value) => Value = value;

    /// <summary>The id text.</summary>
    [Id(0)]
    public string Value { get; }

    /// <summary>Parses a tenant id.</summary>
    /// <exception cref="ArgumentException">The text is not a valid tenant id; the message says why.</exception>
    public static TenantId Parse(string text) =>
        TryParse(text, out var id, out var error) ? id : throw new ArgumentException(error, nameof(text));

    /// <summary>Parses a tenant id, or explains why it is invalid.</summary>
    public static bool TryParse(string? text, out TenantId id, [NotNullWhen(false)] out string? error)
    {
        id = default;
        if (string.IsNullOrEmpty(text) || text.Length > MaxLength)
        {
            error = $"A tenant id must be 1 to {MaxLength} characters long.";
            return false;
        }

        if (text[0] == '-' || text.Any(c => c is not ((>= 'a' and <= 'z') or (>= '0' and <= '9') or '-')))
        {
            error = $"Tenant id '{Truncate(text)}' may hold only lower-case letters, digits and '-', and must not start with '-'.";
            return false;
        }

        id = new TenantId(text);
        error = null;
        return true;
    }

    /// <inheritdoc />
    public override string ToString() => Value;

    private static string Truncate(string text) => text.Length <= 80 ? text : text[..80] + "…";
}
