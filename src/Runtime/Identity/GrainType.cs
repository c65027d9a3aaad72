using System.Text.Json.Serialization;

namespace OrleansFlows.Runtime.Identity;

/// <summary>The type part of a grain id, such as <c>tenant</c> or <c>lead</c>: lower-case letters, digits and dashes.</summary>
[JsonConverter(typeof(GrainTypeJsonConverter))]
public readonly record struct GrainType
{
    /// <summary>The longest grain type name accepted.</summary>
    public const int MaxLength = 64;

    private GrainType(string value) => Value = value;

    /// <summary>The type name.</summary>
    public string Value { get; }

    /// <summary>Validates and creates a grain type.</summary>
    /// <exception cref="ArgumentException">The name is empty, too long, or holds a character other than a-z, 0-9 and '-'.</exception>
    public static GrainType Create(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (value.Length == 0 || value.Length > MaxLength)
        {
            throw new ArgumentException($"Grain type '{value}' must be 1 to {MaxLength} characters long.", nameof(value));
        }

        foreach (var c in value)
        {
            if (c is not ((>= 'a' and <= 'z') or (>= '0' and <= '9') or '-'))
            {
                throw new ArgumentException($"Grain type '{value}' may hold only lower-case letters, digits and '-'; '{c}' is not allowed.", nameof(value));
            }
        }

        return new GrainType(value);
    }

    /// <inheritdoc />
    public override string ToString() => Value;
}
