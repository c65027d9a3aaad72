using System.Text.Json.Serialization;

namespace OrleansFlows.Runtime.Identity;

/// <summary>
/// Identifies a grain: its type and a string key, written <c>type/key</c> (for example <c>lead/t1/42</c>).
/// The key may itself contain '/', so parsing splits at the first '/' only.
/// </summary>
[JsonConverter(typeof(GrainIdJsonConverter))]
public readonly record struct GrainId
{
    /// <summary>The longest key accepted, in characters.</summary>
    public const int MaxKeyLength = 512;

    private GrainId(GrainType type, string key)
    {
        Type = type;
        Key = key;
    }

    /// <summary>The grain type.</summary>
    public GrainType Type { get; }

    /// <summary>The grain key within its type.</summary>
    public string Key { get; }

    /// <summary>Validates a key and creates a grain id.</summary>
    /// <exception cref="ArgumentException">The key is empty, longer than <see cref="MaxKeyLength"/>, or holds a control character.</exception>
    public static GrainId Create(GrainType type, string key)
    {
        ValidateKey(type, key);
        return new GrainId(type, key);
    }

    /// <summary>Parses <c>type/key</c>.</summary>
    /// <exception cref="ArgumentException">The text has no '/', or its type or key is invalid.</exception>
    public static GrainId Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var slash = text.IndexOf('/');
        if (slash <= 0)
        {
            throw new ArgumentException($"Grain id '{text}' must have the form 'type/key'.", nameof(text));
        }

        return Create(GrainType.Create(text[..slash]), text[(slash + 1)..]);
    }

    /// <inheritdoc />
    public override string ToString() => $"{Type.Value}/{Key}";

    private static void ValidateKey(GrainType type, string key)
    {
        if (key is null)
        {
            throw new ArgumentNullException(nameof(key), $"A key for grain type '{type}' is required.");
        }

        if (key.Length == 0)
        {
            throw new ArgumentException($"A key for grain type '{type}' must not be empty.", nameof(key));
        }

        if (key.Length > MaxKeyLength)
        {
            throw new ArgumentException($"A key for grain type '{type}' is {key.Length} characters long; the limit is {MaxKeyLength}.", nameof(key));
        }

        for (var i = 0; i < key.Length; i++)
        {
            if (char.IsControl(key[i]))
            {
                throw new ArgumentException($"A key for grain type '{type}' holds a control character (U+{(int)key[i]:X4}) at position {i}.", nameof(key));
            }
        }
    }
}
