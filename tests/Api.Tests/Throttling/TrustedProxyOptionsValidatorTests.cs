using OrleansFlows.Api.Hosting;

namespace OrleansFlows.Api.Tests.Throttling;

public sealed class TrustedProxyOptionsValidatorTests
{
    [Fact]
    public void Validate_NoProxies_Succeeds() =>
        Assert.True(new TrustedProxyOptionsValidator().Validate(null, new TrustedProxyOptions()).Succeeded);

    [Fact]
    public void Validate_AddressesAndNetworks_Succeed()
    {
        var options = new TrustedProxyOptions();
        foreach (var entry in new[] { "10.0.0.5", "10.0.0.0/8", "::1", "fd00::/8" })
        {
            options.TrustedProxies.Add(entry);
        }

        Assert.True(new TrustedProxyOptionsValidator().Validate(null, options).Succeeded);
    }

    [Fact]
    public void Validate_EntriesThatAreNeitherAddressNorNetwork_NameEachEntry()
    {
        var options = new TrustedProxyOptions();
        foreach (var entry in new[] { "10.0.0.5", "proxy.internal", "10.0.0.0/33", "" })
        {
            options.TrustedProxies.Add(entry);
        }

        var result = new TrustedProxyOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        Assert.Equal(3, result.Failures!.Count());
        Assert.Contains(result.Failures!, f => f.StartsWith("OrleansFlows:TrustedProxies:1 must be", StringComparison.Ordinal) && f.EndsWith("it is 'proxy.internal'.", StringComparison.Ordinal));
        Assert.Contains(result.Failures!, f => f.StartsWith("OrleansFlows:TrustedProxies:2 must be", StringComparison.Ordinal));
        Assert.Contains(result.Failures!, f => f.StartsWith("OrleansFlows:TrustedProxies:3 must be", StringComparison.Ordinal));
    }
}
