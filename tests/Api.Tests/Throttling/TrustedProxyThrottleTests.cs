using System.Net;
using System.Security.Cryptography;
using OrleansFlows.Api.Tests.Support;

namespace OrleansFlows.Api.Tests.Throttling;

/// <summary>
/// Behind a trusted reverse proxy the throttle counts the client address the proxy forwards, so one client's guesses
/// don't lock out the others that share the proxy; a sender that is not a trusted proxy can't choose its address.
/// </summary>
public sealed class TrustedProxyThrottleTests(TrustedProxyApiHost host) : IClassFixture<TrustedProxyApiHost>
{
    [Fact]
    public async Task GuessTenantKeys_BehindTrustedProxy_LocksOutOnlyTheForwardedClient()
    {
        var tenant = await host.CreateTenantAsync("proxied");
        for (var i = 0; i < ThrottledApiHost.FailuresPerAddress; i++)
        {
            using var guesser = host.From(TrustedProxyApiHost.Proxy, InventedTenantKey(), forwardedFor: "203.0.113.1");
            await ProblemAssert.IsAsync(await guesser.GetAsync("/v1/workflows"), HttpStatusCode.Unauthorized, "unauthorized");
        }

        using var lockedClient = host.From(TrustedProxyApiHost.Proxy, tenant.ApiKey, forwardedFor: "203.0.113.1");
        await ProblemAssert.IsAsync(await lockedClient.GetAsync("/v1/workflows"), HttpStatusCode.TooManyRequests, "authentication-throttled");

        // Another client behind the same proxy, and the operator, are unaffected.
        using var otherClient = host.From(TrustedProxyApiHost.Proxy, tenant.ApiKey, forwardedFor: "203.0.113.2");
        Assert.Equal(HttpStatusCode.OK, (await otherClient.GetAsync("/v1/workflows")).StatusCode);
        using var theOperator = host.From(TrustedProxyApiHost.Proxy, Hosting.ApiHost.OperatorKey, forwardedFor: "203.0.113.3");
        Assert.Equal(HttpStatusCode.OK, (await theOperator.GetAsync("/v1/tenants")).StatusCode);
    }

    [Fact]
    public async Task GuessTenantKeys_ThroughAChainOfTrustedProxies_CountsTheClientTheOuterProxySaw()
    {
        var tenant = await host.CreateTenantAsync("chain");

        // The client wrote a made-up address itself; the outer proxy (192.0.2.7, trusted) appended the real one.
        for (var i = 0; i < ThrottledApiHost.FailuresPerAddress; i++)
        {
            using var guesser = host.From(TrustedProxyApiHost.Proxy, InventedTenantKey(), forwardedFor: $"198.51.100.{i}, 203.0.113.10, 192.0.2.7");
            await ProblemAssert.IsAsync(await guesser.GetAsync("/v1/workflows"), HttpStatusCode.Unauthorized, "unauthorized");
        }

        using var locked = host.From(TrustedProxyApiHost.Proxy, tenant.ApiKey, forwardedFor: "203.0.113.10, 192.0.2.7");
        await ProblemAssert.IsAsync(await locked.GetAsync("/v1/workflows"), HttpStatusCode.TooManyRequests, "authentication-throttled");
        using var other = host.From(TrustedProxyApiHost.Proxy, tenant.ApiKey, forwardedFor: "203.0.113.11, 192.0.2.7");
        Assert.Equal(HttpStatusCode.OK, (await other.GetAsync("/v1/workflows")).StatusCode);
    }

    [Fact]
    public async Task GuessTenantKeys_FromAnUntrustedSenderWithForwardedFor_CountsItsOwnAddress()
    {
        var tenant = await host.CreateTenantAsync("untrusted");
        for (var i = 0; i < ThrottledApiHost.FailuresPerAddress; i++)
        {
            using var guesser = host.From("127.0.0.21", InventedTenantKey(), forwardedFor: $"203.0.113.{100 + i}");
            await ProblemAssert.IsAsync(await guesser.GetAsync("/v1/workflows"), HttpStatusCode.Unauthorized, "unauthorized");
        }

        using var locked = host.From("127.0.0.21", tenant.ApiKey, forwardedFor: "203.0.113.200");
        await ProblemAssert.IsAsync(await locked.GetAsync("/v1/workflows"), HttpStatusCode.TooManyRequests, "authentication-throttled");
    }

    private static string InventedTenantKey() =>
        $"ofk_{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6))}_{Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_')}";
}
