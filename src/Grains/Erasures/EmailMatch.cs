using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace OrleansFlows.Grains.Erasures;

/// <summary>
/// Whether a text or a JSON value holds an email, compared without regard to case, as a whole address: "alice@example.com"
/// is found in "Alice &lt;ALICE@example.com&gt;" but not in "malice@example.com" or "alice@example.com.au".
/// </summary>
internal sealed class EmailMatch
{
    // What may stand next to an address without being part of it: anything but the characters of its local part or domain.
    private const string Before = @"(?<![A-Za-z0-9._%+\-])";
    private const string After = @"(?![A-Za-z0-9\-]|\.[A-Za-z0-9])";

    private readonly Regex _plain;
    private readonly Regex _escaped;

    public EmailMatch(string email)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(email);
        Key = email.Trim().ToLowerInvariant();

        // Stored JSON text may escape characters of the address ('+' is written \u002B), so both spellings are sought.
        var escaped = JsonSerializer.Serialize(Key)[1..^1];
        _plain = Build(Key);
        _escaped = Build(escaped);
        Needles = escaped == Key ? [Key] : [Key, escaped.ToLowerInvariant()];
    }

    /// <summary>The address in lower case, as <c>leads.email_key</c> holds it.</summary>
    public string Key { get; }

    /// <summary>The lower-case spellings to look for in stored text with <c>LIKE</c>; a hit is then checked with <see cref="IsIn(string?)"/>.</summary>
    public IReadOnlyList<string> Needles { get; }

    /// <summary>
    /// Whether the text holds the address: JSON text is read and each of its strings checked (an escape such as \u003C
    /// before the address would otherwise hide where it begins); other text is checked as it is.
    /// </summary>
    public bool IsIn(string? text)
    {
        if (text is null)
        {
            return false;
        }

        if (text.TrimStart() is ['{' or '[', ..])
        {
            try
            {
                return IsIn(JsonNode.Parse(text));
            }
            catch (JsonException)
            {
                // Not JSON after all: checked as text below.
            }
        }

        return _plain.IsMatch(text) || _escaped.IsMatch(text);
    }

    /// <summary>Whether any string of the JSON value (any field at any depth, or a property name) holds the address.</summary>
    public bool IsIn(JsonNode? node) => node switch
    {
        JsonObject obj => obj.Any(p => _plain.IsMatch(p.Key) || IsIn(p.Value)),
        JsonArray array => array.Any(IsIn),
        JsonValue value when value.TryGetValue<string>(out var text) => _plain.IsMatch(text),
        _ => false,
    };

    /// <summary>A <c>LIKE</c> pattern for a needle, with <c>\</c> as its escape character.</summary>
    public static string LikePattern(string needle) =>
        "%" + needle.Replace(@"\", @"\\", StringComparison.Ordinal).Replace("%", @"\%", StringComparison.Ordinal).Replace("_", @"\_", StringComparison.Ordinal) + "%";

    private static Regex Build(string address) =>
        new(Before + Regex.Escape(address) + After, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
}
