using OrleansFlows.Runtime.Membership;

namespace OrleansFlows.Runtime.Tests.Membership;

public sealed class MembershipOptionsValidatorTests
{
    [Fact]
    public void Validate_DefaultsWithAnAddress_Succeeds()
    {
        var options = new MembershipOptions { SiloAddress = "10.0.0.5:11111" };

        var result = new MembershipOptionsValidator().Validate(null, options);

        Assert.True(result.Succeeded, result.FailureMessage);
        Assert.Equal(("default", TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(1)), (options.ClusterId, options.HeartbeatPeriod, options.DeathTimeout, options.RefreshPeriod));
    }

    [Theory]
    [InlineData("10.0.0.5:11111")]
    [InlineData("silo-0.silos.default.svc:11111")]
    [InlineData("[::1]:11111")]
    [InlineData("localhost:1")]
    public void Validate_HostAndPort_Succeeds(string address)
    {
        Assert.True(new MembershipOptionsValidator().Validate(null, new MembershipOptions { SiloAddress = address }).Succeeded);
    }

    [Theory]
    [InlineData("")]
    [InlineData("10.0.0.5")]
    [InlineData("10.0.0.5:0")]
    [InlineData("10.0.0.5:65536")]
    [InlineData(":11111")]
    [InlineData("::1:11111")]
    [InlineData("my host:11111")]
    [InlineData("host:+80")]
    public void Validate_NotHostAndPort_Fails(string address)
    {
        var result = new MembershipOptionsValidator().Validate(null, new MembershipOptions { SiloAddress = address });

        Assert.Equal([$"MembershipOptions.SiloAddress must be the host:port other silos reach this silo on (port 1 to 65535); it is '{address}'."], result.Failures);
    }

    [Fact]
    public void Validate_DeathTimeoutExactlyTwiceHeartbeat_Fails()
    {
        var result = new MembershipOptionsValidator().Validate(null, new MembershipOptions
        {
            SiloAddress = "h:1",
            HeartbeatPeriod = TimeSpan.FromSeconds(1),
            DeathTimeout = TimeSpan.FromSeconds(2),
        });

        Assert.Equal(["MembershipOptions.DeathTimeout (00:00:02) must be more than twice HeartbeatPeriod (00:00:01), so that one late heartbeat doesn't kill a silo."], result.Failures);
    }

    [Fact]
    public void Validate_SeveralProblems_ReportsEachOne()
    {
        var result = new MembershipOptionsValidator().Validate(null, new MembershipOptions
        {
            ClusterId = " ",
            SiloAddress = "h:1",
            ApiAddress = "",
            HeartbeatPeriod = TimeSpan.Zero,
            RefreshPeriod = TimeSpan.FromSeconds(-1),
            DefunctSiloRetention = TimeSpan.FromSeconds(5),
        });

        Assert.Equal(
            [
                "MembershipOptions.ClusterId must be 1 to 128 characters with no control characters; it is ' '.",
                "MembershipOptions.ApiAddress must be null or an address; it is blank.",
                "MembershipOptions.HeartbeatPeriod must be greater than zero; it is 00:00:00.",
                "MembershipOptions.RefreshPeriod must be greater than zero; it is -00:00:01.",
                "MembershipOptions.DefunctSiloRetention (00:00:05) must be at least DeathTimeout (00:00:10).",
            ],
            result.Failures);
    }
}
