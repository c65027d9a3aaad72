namespace OrleansFlows.Grains.RabbitMq;

/// <summary>The log event ids of RabbitMQ brokers (connections, publishing): the range 7300–7399.</summary>
internal static class RabbitMqEventIds
{
    /// <summary>A broker connection was refused because its host resolved to a non-public address.</summary>
    public const int ForbiddenAddress = 7300;

    /// <summary>A pooled broker connection was opened.</summary>
    public const int ConnectionOpened = 7301;

    /// <summary>A pooled broker connection closed; the next use opens a new one.</summary>
    public const int ConnectionClosed = 7302;

    /// <summary>A publish attempt failed (refused, unreachable, closed, or not confirmed in time).</summary>
    public const int PublishFailed = 7303;

    /// <summary>A pooled broker connection nobody used for the idle timeout was closed.</summary>
    public const int IdleConnectionClosed = 7304;
}
