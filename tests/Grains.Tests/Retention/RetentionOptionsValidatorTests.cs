using OrleansFlows.Grains.Retention;

namespace OrleansFlows.Grains.Tests.Retention;

public sealed class RetentionOptionsValidatorTests
{
    [Fact]
    public void Validate_Defaults_Succeeds() => Assert.True(new RetentionOptionsValidator().Validate(null, new RetentionOptions()).Succeeded);

    [Fact]
    public void Validate_EveryOptionOutOfRange_ReportsEachOne()
    {
        var options = new RetentionOptions { BatchSize = 0, MaxBatchesPerRun = 1_001, ReminderRetryPeriod = TimeSpan.Zero };

        var result = new RetentionOptionsValidator().Validate(null, options);

        Assert.Equal(
            [
                "RetentionOptions.BatchSize must be between 1 and 5000; it is 0.",
                "RetentionOptions.MaxBatchesPerRun must be between 1 and 1000; it is 1001.",
                "RetentionOptions.ReminderRetryPeriod must be greater than zero; it is 00:00:00.",
            ],
            result.Failures);
    }
}
