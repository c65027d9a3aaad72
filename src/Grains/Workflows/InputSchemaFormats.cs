using System.Globalization;
using System.Text.RegularExpressions;
using Json.Schema;

namespace OrleansFlows.Grains.Workflows;

/// <summary>
/// The <c>format</c> values an input schema validates, and how. Draft-07 leaves format checks to the implementation;
/// these accept and refuse what the product has accepted and refused since its first release, so a sender's payload
/// that passed before still passes. Any other format, including draft-07 ones not listed, is an annotation only.
/// </summary>
internal static class InputSchemaFormats
{
    // RFC 5322 dot-atom local part, then one or more host labels (letters, digits, inner hyphens), case-insensitive.
    private static readonly Regex Email = new(
        @"^[a-z0-9!#$%&'*+/=?^_`{|}~-]+(\.[a-z0-9!#$%&'*+/=?^_`{|}~-]+)*@([a-z0-9]([a-z0-9-]*[a-z0-9])?\.)+[a-z0-9]([a-z0-9-]*[a-z0-9])?\Z",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant,
        TimeSpan.FromMilliseconds(100));

    private static readonly Regex Hostname = new(
        @"^(([a-z0-9]|[a-z0-9][a-z0-9-]*[a-z0-9])\.)*([a-z0-9]|[a-z0-9][a-z0-9-]*[a-z0-9])\z",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant,
        TimeSpan.FromMilliseconds(100));

    private static readonly Regex Ipv4 = new(@"^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\z", RegexOptions.CultureInvariant);

    private static readonly string[] DateTimeForms =
    [
        "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK", "yyyy-MM-dd' 'HH:mm:ss.FFFFFFFK", "yyyy-MM-dd'T'HH:mm:ssK", "yyyy-MM-dd' 'HH:mm:ssK",
        "yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd' 'HH:mm:ss", "yyyy-MM-dd'T'HH:mm", "yyyy-MM-dd' 'HH:mm", "yyyy-MM-dd'T'HH",
        "yyyy-MM-dd' 'HH", "yyyy-MM-dd", "yyyy-MM-dd'Z'", "yyyyMMdd", "yyyy-MM", "yyyy",
    ];

    private static readonly string[] TimeForms = ["HH:mm:ss.FFFFFFFK"];

    /// <summary>Every format the product validates, by name, and the formats draft-07 names that it leaves unchecked.</summary>
    public static FormatRegistry Registry { get; } = CreateRegistry();

    private static FormatRegistry CreateRegistry()
    {
        var registry = new FormatRegistry();
        registry.Register(new InputSchemaStringFormat("email", Email.IsMatch));
        registry.Register(new InputSchemaStringFormat("date-time", s => DateTimeOffset.TryParseExact(s, DateTimeForms, CultureInfo.InvariantCulture, DateTimeStyles.None, out _)));
        registry.Register(new InputSchemaStringFormat("date", s => DateTime.TryParseExact(s, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _)));
        registry.Register(new InputSchemaStringFormat("time", s => DateTimeOffset.TryParseExact(s, TimeForms, CultureInfo.InvariantCulture, DateTimeStyles.None, out _)));
        registry.Register(new InputSchemaStringFormat("uri", s => Uri.TryCreate(s, UriKind.Absolute, out _)));
        registry.Register(new InputSchemaStringFormat("uuid", s => Guid.TryParse(s, out _)));
        registry.Register(new InputSchemaStringFormat("guid", s => Guid.TryParse(s, out _)));
        registry.Register(new InputSchemaStringFormat("ipv4", IsIpv4));
        registry.Register(new InputSchemaStringFormat("ipv6", s => Uri.CheckHostName(s) == UriHostNameType.IPv6));
        registry.Register(new InputSchemaStringFormat("hostname", Hostname.IsMatch));
        registry.Register(new InputSchemaStringFormat("byte", IsBase64));
        registry.Register(new InputSchemaStringFormat("base64", IsBase64));
        registry.Register(new InputSchemaStringFormat("time-span", s => TimeSpan.TryParse(s, CultureInfo.InvariantCulture, out _)));

        // The schema library checks these draft-07 and later formats by default; the product never did.
        foreach (var name in new[] { "duration", "uri-reference", "uri-template", "iri", "iri-reference", "idn-email", "idn-hostname", "json-pointer", "relative-json-pointer", "regex" })
        {
            registry.Register(new InputSchemaStringFormat(name, _ => true));
        }

        return registry;
    }

    private static bool IsIpv4(string value)
    {
        var match = Ipv4.Match(value);
        return match.Success && match.Groups.Values.Skip(1).All(g => int.Parse(g.Value, CultureInfo.InvariantCulture) <= 255);
    }

    private static bool IsBase64(string value)
    {
        var bytes = new byte[value.Length];
        return Convert.TryFromBase64String(value, bytes, out _);
    }
}
