using System.Net;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using OrleansFlows.Api.Auth;

namespace OrleansFlows.Api.Tests.Throttling;

/// <summary>With <c>FailuresPerAddress</c> 0 no address is locked out, while a guessed key id still is.</summary>
public sealed class AddressLockoutOffTests
{
    private readonly ManualClock _clock = new(new DateTimeOffset(2026, 12, 6, 12, 0, 0, TimeSpan.Zero));

    [Fact]
    public void RecordFailure_ManyFromOneAddress_NeverLocksTheAddress()
    {
        var throttle = Throttle();
        var proxy = Request("10.0.0.5");

        for (var i = 0; i < 1_000; i++)
        {
            throttle.RecordFailure(proxy, keyId: null);
        }

        Assert.Null(throttle.Refusal(proxy, keyId: null));
    }

    [Fact]
    public void RecordFailure_OneKeyIdPastItsLimit_StillRefusesAddressesThatFailedAndNotOthers()
    {
        var throttle = Throttle();
        var guesser = Request("10.0.0.5");
        for (var i = 0; i < 5; i++)
        {
            throttle.RecordFailure(guesser, "api-key:abc");
        }

        Assert.NotNull(throttle.Refusal(guesser, "api-key:abc"));
        Assert.Null(throttle.Refusal(Request("10.0.0.6"), "api-key:abc"));
    }

    private AuthenticationThrottle Throttle() =>
        new(Options.Create(new AuthenticationThrottleOptions { FailuresPerAddress = 0, FailuresPerKeyId = 5 }), _clock);

    private static DefaultHttpContext Request(string address)
    {
        var http = new DefaultHttpContext();
        http.Connection.RemoteIpAddress = IPAddress.Parse(address);
        return http;
    }
}
