using OrleansFlows.Grains.Queues;

namespace OrleansFlows.Grains.Tests.RabbitMq;

/// <summary>The reconnect backoff of a queue trigger's consumer: 1 s doubling, capped at 30 s.</summary>
public sealed class QueueConsumerBackoffTests
{
    [Theory]
    [InlineData(0, 1)]
    [InlineData(1, 2)]
    [InlineData(2, 4)]
    [InlineData(4, 16)]
    [InlineData(5, 30)]
    [InlineData(40, 30)]
    [InlineData(int.MaxValue, 30)]
    public void Backoff_AfterFailures_DoublesFromOneSecondUpToThirty(int failures, int seconds) =>
        Assert.Equal(TimeSpan.FromSeconds(seconds), QueueConsumer.Backoff(failures));
}
