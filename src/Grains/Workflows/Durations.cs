using System.Globalization;

namespace OrleansFlows.Grains.Workflows;

/// <summary>
/// The duration format of workflow definitions: a whole number followed by a unit, <c>ms</c>, <c>s</c>,
/// <c>m</c>, <c>h</c> or <c>d</c>, such as <c>500ms</c>, <c>90s</c>, <c>15m</c>, <c>2h</c> or <c>2d</c>.
/// </summary>
public static class Durations
{
    /// <summary>The most digits a duration's number may have.</summary>
    public const int MaxDigits = 9;

    private const string Expected =
        "use a whole number followed by a unit (ms, s, m, h or d), such as '500ms', '90s', '15m', '2h' or '2d'";

    /// <summary>Parses a duration; on failure, <paramref name="error"/> says what is wrong and what is allowed.</summary>
    public static bool TryParse(string? text, out TimeSpan duration, out string error)
    {
        duration = TimeSpan.Zero;
        error = string.Empty;
        if (string.IsNullOrEmpty(text))
        {
            error = $"A duration is required; {Expected}.";
            return false;
        }

        var digits = 0;
        while (digits < text.Length && char.IsAsciiDigit(text[digits]))
        {
            digits++;
        }

        var unitTicks = UnitTicks(text.AsSpan(digits));
        if (digits == 0 || unitTicks == 0)
        {
            error = $"'{text}' is not a duration; {Expected}.";
            return false;
        }

        if (digits > MaxDigits)
        {
            error = $"'{text}' has more than {MaxDigits} digits; {Expected}.";
            return false;
        }

        var value = long.Parse(text.AsSpan(0, digits), NumberStyles.None, CultureInfo.InvariantCulture);
        if (value > TimeSpan.MaxValue.Ticks / unitTicks)
        {
            error = $"'{text}' is too long a duration to represent.";
            return false;
        }

        duration = TimeSpan.FromTicks(value * unitTicks);
        return true;
    }

    /// <summary>Formats a duration in the largest unit that holds it exactly: 90 seconds is <c>90s</c>, 2 hours <c>2h</c>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The duration is negative or not a whole number of milliseconds.</exception>
    public static string Format(TimeSpan duration)
    {
        if (duration < TimeSpan.Zero || duration.Ticks % TimeSpan.TicksPerMillisecond != 0)
        {
            throw new ArgumentOutOfRangeException(
                nameof(duration), duration, "Only non-negative whole numbers of milliseconds can be formatted as a duration.");
        }

        var ticks = duration.Ticks;
        return ticks switch
        {
            0 => "0s",
            _ when ticks % TimeSpan.TicksPerDay == 0 => Invariant(ticks / TimeSpan.TicksPerDay, "d"),
            _ when ticks % TimeSpan.TicksPerHour == 0 => Invariant(ticks / TimeSpan.TicksPerHour, "h"),
            _ when ticks % TimeSpan.TicksPerMinute == 0 => Invariant(ticks / TimeSpan.TicksPerMinute, "m"),
            _ when ticks % TimeSpan.TicksPerSecond == 0 => Invariant(ticks / TimeSpan.TicksPerSecond, "s"),
            _ => Invariant(ticks / TimeSpan.TicksPerMillisecond, "ms"),
        };
    }

    private static long UnitTicks(ReadOnlySpan<char> unit) => unit switch
    {
        "ms" => TimeSpan.TicksPerMillisecond,
        "s" => TimeSpan.TicksPerSecond,
        "m" => TimeSpan.TicksPerMinute,
        "h" => TimeSpan.TicksPerHour,
        "d" => TimeSpan.TicksPerDay,
        _ => 0,
    };

    private static string Invariant(long value, string unit) => value.ToString(CultureInfo.InvariantCulture) + unit;
}
