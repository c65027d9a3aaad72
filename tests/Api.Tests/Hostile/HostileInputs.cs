namespace OrleansFlows.Api.Tests.Hostile;

/// <summary>The hostile values the sweep sends: Accept headers, numbers, text, path and query values, bodies.</summary>
internal static class HostileInputs
{
    /// <summary>Accept values; null sends none.</summary>
    public static readonly string?[] Accepts = ["text/plain", "text/html", "application/xml", "image/png", "*/*", null];

    /// <summary>JSON number literals: beyond 64 bits, beyond double, negative zero, exponent forms, underflow.</summary>
    public static readonly string[] Numbers =
    [
        "9223372036854775808", "-9223372036854775809", "1e400", "-1e400", "-0", "1E+2", "1e-400", "123456789012345678901234567890", "-0.0",
    ];

    /// <summary>JSON string contents, already escaped: NUL, other control characters, lone surrogates, bidi controls.</summary>
    public static readonly string[] Texts =
    [
        "\\u0000", "a\\u0000b", "\\ud800", "x\\udc00y", "\\udbff\\u0041", "\\u0001\\u0008\\u001b\\u007f", "\\u202e\\u200f", new('t', 20_000),
    ];

    /// <summary>
    /// Path segment values, already URL-encoded. A NUL (%00) in the path never reaches the application: the server's
    /// URL decoder refuses it (Kestrel answers 400 itself), so it is sent in queries, headers and bodies instead.
    /// </summary>
    public static readonly string[] PathValues = ["%01%1F", "%ED%A0%80", "%C0%AF", "9223372036854775808", "1e400", new('p', 3_000)];

    /// <summary>Query values, already URL-encoded.</summary>
    public static readonly string[] QueryValues = ["%00", "a%00b", "%01%7F", "%ED%A0%80", "9223372036854775808", "-9223372036854775809", "1e400", "-0", new('q', 5_000)];

    /// <summary>Header values the API stores (idempotency keys, webhook ids).</summary>
    public static readonly string[] HeaderValues = ["a\0b", "\0", "\u0001", "\u007f"];

    /// <summary>A body nested far deeper than any limit, yet under the size limit.</summary>
    public static byte[] Deep(int depth) => System.Text.Encoding.UTF8.GetBytes(new string('[', depth) + new string(']', depth));

    /// <summary>A JSON object with one string member of about <paramref name="bytes"/> bytes.</summary>
    public static byte[] Huge(int bytes) => System.Text.Encoding.UTF8.GetBytes("{\"pad\":\"" + new string('h', bytes) + "\"}");

    /// <summary>Bytes that are not UTF-8.</summary>
    public static readonly byte[] NotUtf8 = [0x7B, 0x22, 0x61, 0x22, 0x3A, 0x22, 0xED, 0xA0, 0x80, 0xFF, 0x22, 0x7D];
}
