using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using OrleansFlows.Grains.Connectors.OutboundHttp;
using OrleansFlows.Grains.RabbitMq;
using OrleansFlows.TestKit.RabbitMq;

namespace OrleansFlows.Api.Tests.RabbitMq;

/// <summary>The silo's shared publishing connections against a real broker: one per key, closed once idle.</summary>
[Collection(RabbitMqCollection.Name)]
public sealed class BrokerConnectionsTests(RabbitMqServer broker)
{
    [Fact]
    public async Task CloseIdle_ConnectionUnusedForTheIdleTimeout_IsClosedWhileOneInUseStays_AndTheNextCallOpensAnother()
    {
        var clock = new ManualClock(DateTimeOffset.UtcNow);
        await using var connections = new BrokerConnections(
            Options.Create(new OutboundHttpOptions { AllowPrivateNetworks = true }), clock, NullLogger<BrokerConnections>.Instance);
        Assert.True(AmqpAddress.TryParse(broker.AmqpUri.ToString(), out var address, out var error), error);

        var replaced = await connections.GetSharedAsync("tenant\nevents\nold-uri", address!, CancellationToken.None);
        var inUse = await connections.GetSharedAsync("tenant\nevents\nnew-uri", address!, CancellationToken.None);
        Assert.Same(inUse, await connections.GetSharedAsync("tenant\nevents\nnew-uri", address!, CancellationToken.None));
        clock.Advance(BrokerConnections.IdleTimeout - TimeSpan.FromSeconds(1));
        Assert.Equal(0, await connections.CloseIdleAsync());
        await connections.GetSharedAsync("tenant\nevents\nnew-uri", address!, CancellationToken.None);
        clock.Advance(TimeSpan.FromSeconds(2));

        Assert.Equal(1, await connections.CloseIdleAsync());

        Assert.False(replaced.IsOpen);
        Assert.True(inUse.IsOpen);
        var reopened = await connections.GetSharedAsync("tenant\nevents\nold-uri", address!, CancellationToken.None);
        Assert.NotSame(replaced, reopened);
        Assert.True(reopened.IsOpen);
    }

    /// <summary>A clock that moves only when the test advances it; its timers are the system's.</summary>
    private sealed class ManualClock(DateTimeOffset start) : TimeProvider
    {
        private long _ticks = start.UtcTicks;

        public override DateTimeOffset GetUtcNow() => new(Interlocked.Read(ref _ticks), TimeSpan.Zero);

        public void Advance(TimeSpan by) => Interlocked.Add(ref _ticks, by.Ticks);
    }
}
