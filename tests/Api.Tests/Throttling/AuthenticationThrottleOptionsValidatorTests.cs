using OrleansFlows.Api.Auth;

namespace OrleansFlows.Api.Tests.Throttling;

public sealed class AuthenticationThrottleOptionsValidatorTests
{
    [Fact]
    public void Validate_Defaults_Succeed() =>
        Assert.True(new AuthenticationThrottleOptionsValidator().Validate(null, new AuthenticationThrottleOptions()).Succeeded);

    [Fact]
    public void Validate_EverySettingOutOfRange_NamesEachSetting()
    {
        var options = new AuthenticationThrottleOptions { Window = TimeSpan.Zero, Lockout = TimeSpan.FromSeconds(-1), FailuresPerAddress = 0, FailuresPerKeyId = 0, MaxTrackedEntries = 10 };

        var result = new AuthenticationThrottleOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        foreach (var setting in new[] { "Window", "Lockout", "FailuresPerAddress", "FailuresPerKeyId", "MaxTrackedEntries" })
        {
            Assert.Contains(result.Failures!, f => f.StartsWith($"OrleansFlows:AuthenticationThrottle:{setting} must", StringComparison.Ordinal));
        }
    }
}
