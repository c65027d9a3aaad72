using OrleansFlows.Grains.Exports;

namespace OrleansFlows.Grains.Tests.Exports;

public sealed class ExportOptionsValidatorTests
{
    [Fact]
    public void Validate_Defaults_SucceedsWithSevenDays()
    {
        var options = new ExportOptions();

        Assert.True(new ExportOptionsValidator().Validate(null, options).Succeeded);
        Assert.Equal(TimeSpan.FromDays(7), options.Retention);
    }

    [Theory]
    [InlineData("00:00:00", "ExportOptions.Retention must be between 00:00:01 and 3650 days; it is 00:00:00.")]
    [InlineData("-1.00:00:00", "ExportOptions.Retention must be between 00:00:01 and 3650 days; it is -1.00:00:00.")]
    [InlineData("3651.00:00:00", "ExportOptions.Retention must be between 00:00:01 and 3650 days; it is 3651.00:00:00.")]
    public void Validate_RetentionOutOfRange_NamesIt(string retention, string message)
    {
        var options = new ExportOptions { Retention = TimeSpan.Parse(retention, System.Globalization.CultureInfo.InvariantCulture) };

        Assert.Equal([message], new ExportOptionsValidator().Validate(null, options).Failures);
    }

    [Theory]
    [InlineData("00:00:02", "00:00:01")]
    [InlineData("00:02:00", "00:00:30")]
    [InlineData("7.00:00:00", "01:00:00")]
    public void SweepPeriod_IsAQuarterOfTheRetentionBetweenASecondAndAnHour(string retention, string period)
    {
        var options = new ExportOptions { Retention = TimeSpan.Parse(retention, System.Globalization.CultureInfo.InvariantCulture) };

        Assert.Equal(TimeSpan.Parse(period, System.Globalization.CultureInfo.InvariantCulture), options.SweepPeriod);
    }
}
