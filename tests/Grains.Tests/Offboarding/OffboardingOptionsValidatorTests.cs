using OrleansFlows.Grains.Offboarding;

namespace OrleansFlows.Grains.Tests.Offboarding;

public sealed class OffboardingOptionsValidatorTests
{
    [Fact]
    public void Validate_Defaults_SucceedsWithASevenDayGracePeriod()
    {
        var options = new OffboardingOptions();

        Assert.True(new OffboardingOptionsValidator().Validate(null, options).Succeeded);
        Assert.Equal(TimeSpan.FromDays(7), options.GracePeriod);
    }

    [Fact]
    public void Validate_EveryOptionOutOfRange_ReportsEachOne()
    {
        var options = new OffboardingOptions { GracePeriod = TimeSpan.Zero, BatchSize = 5_001, ReminderRetryPeriod = TimeSpan.FromSeconds(-1) };

        var result = new OffboardingOptionsValidator().Validate(null, options);

        Assert.Equal(
            [
                "OffboardingOptions.GracePeriod must be greater than zero and at most 365.00:00:00; it is 00:00:00.",
                "OffboardingOptions.BatchSize must be between 1 and 5000; it is 5001.",
                "OffboardingOptions.ReminderRetryPeriod must be greater than zero; it is -00:00:01.",
            ],
            result.Failures);
    }

    [Fact]
    public void Validate_GracePeriodOverAYear_IsRefused()
    {
        var result = new OffboardingOptionsValidator().Validate(null, new OffboardingOptions { GracePeriod = TimeSpan.FromDays(366) });

        Assert.Equal(["OffboardingOptions.GracePeriod must be greater than zero and at most 365.00:00:00; it is 366.00:00:00."], result.Failures);
    }
}
