using OrleansFlows.Grains.Reconciliation.Scheduling;

namespace OrleansFlows.Grains.Tests.Reconciliation;

/// <summary><see cref="BatchSchedule.Validate"/>: every problem, by field.</summary>
public sealed class BatchScheduleTests
{
    private static readonly TimeOnly TwoAm = new(2, 0);

    [Theory]
    [InlineData("Europe/Berlin", null)]
    [InlineData("America/New_York", 1)]
    [InlineData("Australia/Sydney", 15)]
    [InlineData("Pacific/Auckland", 29)]
    [InlineData("America/Santiago", 31)]
    [InlineData("UTC", 28)]
    public void Validate_ValidSchedule_ReturnsNoProblems(string zone, int? monthlyDay)
    {
        var errors = new BatchSchedule(TwoAm, zone, monthlyDay).Validate();

        Assert.Empty(errors);
    }

    [Theory]
    [InlineData(0, 0)]
    [InlineData(23, 59)]
    public void Validate_WholeMinuteAtEitherEndOfTheDay_ReturnsNoProblems(int hour, int minute)
    {
        var errors = new BatchSchedule(new TimeOnly(hour, minute), "Europe/Berlin").Validate();

        Assert.Empty(errors);
    }

    [Theory]
    [InlineData("Mars/Olympus_Mons")]
    [InlineData("europe/berlin ")]
    [InlineData("+01:00")]
    public void Validate_UnknownZone_ReportsTimeZoneId(string zone)
    {
        var errors = new BatchSchedule(TwoAm, zone).Validate();

        var problem = Assert.Single(Assert.Single(errors, entry => entry.Key == "timeZoneId").Value);
        Assert.Contains("not a known IANA time zone", problem, StringComparison.Ordinal);
        Assert.Single(errors);
    }

    [Fact]
    public void Validate_WindowsZoneId_ReportsTimeZoneId()
    {
        var errors = new BatchSchedule(TwoAm, "W. Europe Standard Time").Validate();

        Assert.Equal(["timeZoneId"], errors.Keys);
    }

    [Fact]
    public void Validate_OverlongZone_ReportsTimeZoneId()
    {
        var errors = new BatchSchedule(TwoAm, "Europe/" + new string('a', 80)).Validate();

        Assert.Equal(["timeZoneId"], errors.Keys);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData(null)]
    public void Validate_MissingZone_ReportsTimeZoneIdRequired(string? zone)
    {
        var errors = new BatchSchedule(TwoAm, zone!).Validate();

        var problem = Assert.Single(errors["timeZoneId"]);
        Assert.Contains("required", problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(32)]
    [InlineData(int.MaxValue)]
    public void Validate_MonthlyDayOutOfRange_ReportsMonthlyReportDay(int day)
    {
        var errors = new BatchSchedule(TwoAm, "Europe/Berlin", day).Validate();

        var problem = Assert.Single(Assert.Single(errors, entry => entry.Key == "monthlyReportDay").Value);
        Assert.Contains($"it is {day}", problem, StringComparison.Ordinal);
        Assert.Single(errors);
    }

    [Theory]
    [InlineData(2, 0, 30, 0)]
    [InlineData(2, 0, 0, 1)]
    public void Validate_DailyAtNotAWholeMinute_ReportsDailyAt(int hour, int minute, int second, int millisecond)
    {
        var errors = new BatchSchedule(new TimeOnly(hour, minute, second, millisecond), "Europe/Berlin").Validate();

        Assert.Equal(["dailyAt"], errors.Keys);
    }

    [Fact]
    public void Validate_EveryFieldWrong_ReportsEveryProblem()
    {
        var errors = new BatchSchedule(new TimeOnly(2, 0, 15), "Nowhere/Special", 0).Validate();

        Assert.Equal(["dailyAt", "monthlyReportDay", "timeZoneId"], errors.Keys.Order(StringComparer.Ordinal));
        Assert.All(errors.Values, messages => Assert.Single(messages));
    }
}
