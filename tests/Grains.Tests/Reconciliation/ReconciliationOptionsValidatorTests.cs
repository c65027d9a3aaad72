using OrleansFlows.Grains.Reconciliation;

namespace OrleansFlows.Grains.Tests.Reconciliation;

public sealed class ReconciliationOptionsValidatorTests
{
    [Fact]
    public void Validate_Defaults_Succeeds() => Assert.True(new ReconciliationOptionsValidator().Validate(null, new ReconciliationOptions()).Succeeded);

    [Fact]
    public void Validate_EveryOptionOutOfRange_ReportsEachOne()
    {
        var options = new ReconciliationOptions
        {
            MaxConcurrentBatches = 0,
            MaxChunkAttempts = 11,
            RunTimeout = TimeSpan.Zero,
            ChunkTimeout = TimeSpan.FromSeconds(-1),
            StuckAfter = TimeSpan.Zero,
            ChunkRetryDelay = TimeSpan.FromSeconds(-1),
        };

        var result = new ReconciliationOptionsValidator().Validate(null, options);

        Assert.Equal(
            [
                "ReconciliationOptions.MaxConcurrentBatches must be between 1 and 256; it is 0.",
                "ReconciliationOptions.MaxChunkAttempts must be between 1 and 10; it is 11.",
                "ReconciliationOptions.RunTimeout must be greater than zero; it is 00:00:00.",
                "ReconciliationOptions.ChunkTimeout must be greater than zero; it is -00:00:01.",
                "ReconciliationOptions.StuckAfter must be greater than zero; it is 00:00:00.",
                "ReconciliationOptions.ChunkRetryDelay must not be negative; it is -00:00:01.",
            ],
            result.Failures);
    }
}
