using OrleansFlows.Grains.Expressions;

namespace OrleansFlows.Grains.Tests.Expressions;

public sealed class ExpressionOptionsValidatorTests
{
    [Fact]
    public void Validate_Defaults_Succeeds() =>
        Assert.True(new ExpressionOptionsValidator().Validate(null, new ExpressionOptions()).Succeeded);

    [Fact]
    public void Validate_EveryValueOutOfRange_ReportsEach()
    {
        var options = new ExpressionOptions
        {
            Timeout = TimeSpan.Zero,
            RegexMatchTimeout = TimeSpan.Zero,
            Workers = 0,
            MaxQueuedPerTenant = 0,
            MaxWorkersPerTenant = 0,
            MaxStatements = 0,
            MaxRecursion = 0,
            MaxResultBytes = 0,
            MaxStringLength = 0,
            MaxArrayLength = 0,
            MaxExpressionLength = 0,
            MaxAllocatedBytes = 1,
        };

        var result = new ExpressionOptionsValidator().Validate(null, options);

        Assert.Equal(
            [
                "ExpressionOptions.Timeout must be between 1 ms and 1 minute; it is 00:00:00.",
                "ExpressionOptions.RegexMatchTimeout must be between 1 ms and 1 minute; it is 00:00:00.",
                "ExpressionOptions.Workers must be at least 1; it is 0.",
                "ExpressionOptions.MaxQueuedPerTenant must be at least 1; it is 0.",
                "ExpressionOptions.MaxWorkersPerTenant must be between 1 and Workers (0); it is 0.",
                "ExpressionOptions.MaxStatements must be at least 1; it is 0.",
                "ExpressionOptions.MaxRecursion must be at least 1; it is 0.",
                "ExpressionOptions.MaxResultBytes must be at least 1; it is 0.",
                "ExpressionOptions.MaxStringLength must be at least 1; it is 0.",
                "ExpressionOptions.MaxArrayLength must be at least 1; it is 0.",
                "ExpressionOptions.MaxExpressionLength must be between 1 and 8192; it is 0.",
                "ExpressionOptions.MaxAllocatedBytes must be at least 1 MiB; it is 1.",
            ],
            result.Failures);
    }

    [Fact]
    public void Validate_TenantShareOverWorkers_NamesBoth()
    {
        var result = new ExpressionOptionsValidator().Validate(null, new ExpressionOptions { Workers = 2, MaxWorkersPerTenant = 3 });

        Assert.Equal(["ExpressionOptions.MaxWorkersPerTenant must be between 1 and Workers (2); it is 3."], result.Failures);
    }

    [Fact]
    public void Defaults_WallClockIsABackstopOfAtLeastTwoSeconds() =>
        Assert.True(new ExpressionOptions().Timeout >= TimeSpan.FromSeconds(2));
}
