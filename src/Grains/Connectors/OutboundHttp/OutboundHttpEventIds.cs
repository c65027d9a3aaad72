namespace OrleansFlows.Grains.Connectors.OutboundHttp;

/// <summary>The log event ids of outbound HTTP calls: the range 3400–3499.</summary>
internal static class OutboundHttpEventIds
{
    /// <summary>A connection was refused because its host resolved to a non-public address.</summary>
    public const int ForbiddenAddress = 3400;
}
