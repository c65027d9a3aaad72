namespace OrleansFlows.Grains.RabbitMq;

/// <summary>A broker could not be reached (its name does not resolve, it refuses or drops the connection); retrying may help.</summary>
internal sealed class BrokerUnavailableException(string message, Exception? inner = null) : Exception(message, inner)
{
}
