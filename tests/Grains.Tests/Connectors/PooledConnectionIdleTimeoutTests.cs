using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using OrleansFlows.Grains.Connectors.OutboundHttp;

namespace OrleansFlows.Grains.Tests.Connectors;

/// <summary><see cref="OutboundHttpOptions.PooledConnectionIdleTimeout"/>: its default, its bounds, and that the handler uses it.</summary>
public sealed class PooledConnectionIdleTimeoutTests
{
    [Fact]
    public void Default_IsFourSeconds_UnderTheCommonFiveSecondKeepAlive()
    {
        Assert.Equal(TimeSpan.FromSeconds(4), new OutboundHttpOptions().PooledConnectionIdleTimeout);
    }

    [Fact]
    public void CreateHandler_WithAConfiguredIdleTimeout_DropsIdleConnectionsAfterIt()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["OrleansFlows:Outbound:PooledConnectionIdleTimeout"] = "00:00:01.500" })
            .Build();
        var options = configuration.GetSection(OutboundHttpOptions.Section).Get<OutboundHttpOptions>()!;
        using var factory = new OutboundHttpClientFactory(Options.Create(options), NullLogger<OutboundHttpClientFactory>.Instance);

        using var handler = factory.CreateHandler();

        Assert.Equal(TimeSpan.FromMilliseconds(1500), handler.PooledConnectionIdleTimeout);
    }

    [Theory]
    [InlineData("00:00:00", "OutboundHttpOptions.PooledConnectionIdleTimeout must be greater than zero and at most 00:02:00; it is 00:00:00.")]
    [InlineData("00:02:01", "OutboundHttpOptions.PooledConnectionIdleTimeout must be greater than zero and at most 00:02:00; it is 00:02:01.")]
    public void Validate_OutOfBounds_SaysWhatIsAllowed(string value, string expected)
    {
        var options = new OutboundHttpOptions { PooledConnectionIdleTimeout = TimeSpan.Parse(value, System.Globalization.CultureInfo.InvariantCulture) };

        var result = new OutboundHttpOptionsValidator().Validate(null, options);

        Assert.Equal([expected], result.Failures);
    }
}
