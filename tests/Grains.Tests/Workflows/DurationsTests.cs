using OrleansFlows.Grains.Workflows;

namespace OrleansFlows.Grains.Tests.Workflows;

public sealed class DurationsTests
{
    private const string Expected =
        "use a whole number followed by a unit (ms, s, m, h or d), such as '500ms', '90s', '15m', '2h' or '2d'.";

    [Theory]
    [InlineData("500ms", 0, 0, 0, 500)]
    [InlineData("90s", 0, 0, 90, 0)]
    [InlineData("15m", 0, 15, 0, 0)]
    [InlineData("2h", 2, 0, 0, 0)]
    [InlineData("0s", 0, 0, 0, 0)]
    [InlineData("007s", 0, 0, 7, 0)]
    public void TryParse_NumberAndUnit_ReturnsDuration(string text, int hours, int minutes, int seconds, int milliseconds)
    {
        Assert.True(Durations.TryParse(text, out var duration, out var error));

        Assert.Equal(new TimeSpan(0, hours, minutes, seconds, milliseconds), duration);
        Assert.Equal(string.Empty, error);
    }

    [Fact]
    public void TryParse_Days_ReturnsWholeDays()
    {
        Assert.True(Durations.TryParse("2d", out var duration, out _));

        Assert.Equal(TimeSpan.FromDays(2), duration);
    }

    [Theory]
    [InlineData("90")]
    [InlineData("s")]
    [InlineData("1.5h")]
    [InlineData("-1s")]
    [InlineData(" 90s")]
    [InlineData("90s ")]
    [InlineData("90S")]
    [InlineData("1w")]
    [InlineData("2h30m")]
    [InlineData("１s")]
    public void TryParse_NotNumberAndUnit_ReportsFormat(string text)
    {
        Assert.False(Durations.TryParse(text, out var duration, out var error));

        Assert.Equal(TimeSpan.Zero, duration);
        Assert.Equal($"'{text}' is not a duration; {Expected}", error);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public void TryParse_Missing_ReportsRequired(string? text)
    {
        Assert.False(Durations.TryParse(text, out _, out var error));

        Assert.Equal($"A duration is required; {Expected}", error);
    }

    [Fact]
    public void TryParse_TenDigits_ReportsTooManyDigits()
    {
        Assert.False(Durations.TryParse("1000000000s", out _, out var error));

        Assert.Equal($"'1000000000s' has more than 9 digits; {Expected}", error);
    }

    [Fact]
    public void TryParse_BeyondTimeSpan_ReportsTooLong()
    {
        Assert.False(Durations.TryParse("999999999d", out _, out var error));

        Assert.Equal("'999999999d' is too long a duration to represent.", error);
    }

    [Theory]
    [InlineData(0, "0s")]
    [InlineData(500, "500ms")]
    [InlineData(1500, "1500ms")]
    [InlineData(90_000, "90s")]
    [InlineData(900_000, "15m")]
    [InlineData(5_400_000, "90m")]
    [InlineData(7_200_000, "2h")]
    [InlineData(172_800_000, "2d")]
    [InlineData(129_600_000, "36h")]
    public void Format_WholeMilliseconds_UsesLargestExactUnit(long milliseconds, string expected) =>
        Assert.Equal(expected, Durations.Format(TimeSpan.FromMilliseconds(milliseconds)));

    [Theory]
    [InlineData("500ms")]
    [InlineData("90s")]
    [InlineData("15m")]
    [InlineData("2h")]
    [InlineData("2d")]
    public void Format_ParsedDuration_GivesTheSameText(string text)
    {
        Assert.True(Durations.TryParse(text, out var duration, out _));

        Assert.Equal(text, Durations.Format(duration));
    }

    [Fact]
    public void Format_SubMillisecond_Throws() =>
        Assert.Throws<ArgumentOutOfRangeException>("duration", () => Durations.Format(TimeSpan.FromTicks(1)));

    [Fact]
    public void Format_Negative_Throws() =>
        Assert.Throws<ArgumentOutOfRangeException>("duration", () => Durations.Format(TimeSpan.FromSeconds(-1)));
}
