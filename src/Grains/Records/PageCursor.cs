using System.Globalization;
using System.Text;

namespace OrleansFlows.Grains.Records;

/// <summary>Opaque keyset cursors: the sort instant and id of the last item of a page.</summary>
public static class PageCursor
{
    public static string Encode(DateTimeOffset at, string id) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes($"{at.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture)}|{id}")).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    /// <summary>Decodes a cursor, or returns null for none.</summary>
    /// <exception cref="ArgumentException">The cursor was not issued by this API.</exception>
    public static (DateTimeOffset At, string Id)? Decode(string? cursor)
    {
        if (string.IsNullOrEmpty(cursor))
        {
            return null;
        }

        try
        {
            var padded = cursor.Replace('-', '+').Replace('_', '/');
            padded += new string('=', (4 - (padded.Length % 4)) % 4);
            var text = Encoding.UTF8.GetString(Convert.FromBase64String(padded));
            var bar = text.IndexOf('|');
            return (DateTimeOffset.FromUnixTimeMilliseconds(long.Parse(text[..bar], CultureInfo.InvariantCulture)), text[(bar + 1)..]);
        }
        catch (Exception exception) when (exception is FormatException or ArgumentOutOfRangeException or OverflowException)
        {
            throw new ArgumentException($"Cursor '{cursor}' is not valid; pass the nextCursor of the previous page.", nameof(cursor), exception);
        }
    }
}
