using System.Globalization;
using System.Text;

namespace OrleansFlows.Grains.Records;

/// <summary>
/// Opaque keyset cursors: the sort key of the last item of a page, either an instant and an id, or a sequence number.
/// </summary>
/// <remarks>
/// Instants keep microseconds, the precision PostgreSQL stores (SQLite stores milliseconds, which fit): a cursor
/// rounded coarser than the stored value would repeat or skip the rows that share its millisecond.
/// </remarks>
public static class PageCursor
{
    private const long TicksPerMicrosecond = TimeSpan.TicksPerMillisecond / 1000;

    /// <summary>A cursor after the item sorted at <paramref name="at"/> (kept to the microsecond), then <paramref name="id"/>.</summary>
    public static string Encode(DateTimeOffset at, string id)
    {
        var microseconds = (at.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / TicksPerMicrosecond;
        return ToText($"{microseconds.ToString(CultureInfo.InvariantCulture)}|{id}");
    }

    /// <summary>Decodes a cursor made by <see cref="Encode(DateTimeOffset, string)"/>, or returns null for none.</summary>
    /// <exception cref="ArgumentException">The cursor was not issued by this API.</exception>
    public static (DateTimeOffset At, string Id)? Decode(string? cursor)
    {
        if (string.IsNullOrEmpty(cursor))
        {
            return null;
        }

        var text = FromText(cursor);
        var bar = text.IndexOf('|');
        if (bar <= 0 || !long.TryParse(text.AsSpan(0, bar), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var microseconds))
        {
            throw Invalid(cursor, null);
        }

        try
        {
            return (DateTimeOffset.UnixEpoch.AddTicks(checked(microseconds * TicksPerMicrosecond)), text[(bar + 1)..]);
        }
        catch (Exception exception) when (exception is ArgumentOutOfRangeException or OverflowException)
        {
            throw Invalid(cursor, exception);
        }
    }

    /// <summary>A cursor after the item with sequence number <paramref name="sequence"/>.</summary>
    public static string Encode(long sequence) => ToText("#" + sequence.ToString(CultureInfo.InvariantCulture));

    /// <summary>Decodes a cursor made by <see cref="Encode(long)"/>, or returns null for none.</summary>
    /// <exception cref="ArgumentException">The cursor was not issued by this API.</exception>
    public static long? DecodeSequence(string? cursor)
    {
        if (string.IsNullOrEmpty(cursor))
        {
            return null;
        }

        var text = FromText(cursor);
        return text.StartsWith('#') && long.TryParse(text.AsSpan(1), NumberStyles.None, CultureInfo.InvariantCulture, out var sequence)
            ? sequence
            : throw Invalid(cursor, null);
    }

    private static string ToText(string key) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes(key)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static string FromText(string cursor)
    {
        try
        {
            var padded = cursor.Replace('-', '+').Replace('_', '/');
            padded += new string('=', (4 - (padded.Length % 4)) % 4);
            return new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true).GetString(Convert.FromBase64String(padded));
        }
        catch (Exception exception) when (exception is FormatException or ArgumentException)
        {
            throw Invalid(cursor, exception);
        }
    }

    private static ArgumentException Invalid(string cursor, Exception? inner) =>
        new($"Cursor '{cursor}' is not valid; pass the nextCursor of the previous page.", "cursor", inner);
}
