using System.Diagnostics;
using OrleansFlows.Api.Auth;
using OrleansFlows.Api.Tests.Hosting;
using OrleansFlows.Api.Tests.Support;

namespace OrleansFlows.Api.Tests.Throttling;

public sealed class AuthenticationThrottleOptionsValidatorTests
{
    [Fact]
    public void Validate_Defaults_Succeed() =>
        Assert.True(new AuthenticationThrottleOptionsValidator().Validate(null, new AuthenticationThrottleOptions()).Succeeded);

    [Fact]
    public void Validate_FailuresPerAddressZero_SucceedsAsTheLockoutOff() =>
        Assert.True(new AuthenticationThrottleOptionsValidator().Validate(null, new AuthenticationThrottleOptions { FailuresPerAddress = 0 }).Succeeded);

    [Fact]
    public void Validate_EverySettingOutOfRange_NamesEachSetting()
    {
        var options = new AuthenticationThrottleOptions { Window = TimeSpan.Zero, Lockout = TimeSpan.FromSeconds(-1), FailuresPerAddress = -1, FailuresPerKeyId = 0, MaxTrackedEntries = 10 };

        var result = new AuthenticationThrottleOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        foreach (var setting in new[] { "Window", "Lockout", "FailuresPerAddress", "FailuresPerKeyId", "MaxTrackedEntries" })
        {
            Assert.Contains(result.Failures!, f => f.StartsWith($"OrleansFlows:AuthenticationThrottle:{setting} must", StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task Start_ThrottleWindowZero_ProcessExitsNamingTheSetting()
    {
        using var data = new TempFolder();
        var start = new ProcessStartInfo("dotnet", [BuiltApi.Dll, "--urls", "http://127.0.0.1:0"])
        {
            WorkingDirectory = data.Path,
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        };
        start.Environment["OrleansFlows__OperatorKey"] = "test";
        start.Environment["OrleansFlows__AuthenticationThrottle__Window"] = "00:00:00";

        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(90));

        Assert.Equal(1, process.ExitCode);
        Assert.Contains("OrleansFlows could not start: OrleansFlows:AuthenticationThrottle:Window must be positive; it is 00:00:00.", await stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("Now listening", await stdout, StringComparison.Ordinal);
    }
}
