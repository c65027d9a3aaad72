namespace OrleansFlows.Grains.Connectors.OutboundHttp;

/// <summary>The log event ids of outbound HTTP calls: the range 3400–3499.</summary>
internal static class OutboundHttpEventIds
{
    /// <summary>A connection was refused because its host resolved to a non-public address.</summary>
    public const int ForbiddenAddress = 3400;

    /// <summary>A step attempt's outbound call failed (an error status, no answer in time, a refused or closed connection, a bad answer).</summary>
    public const int AttemptFailed = 3401;

    /// <summary>A request met a pooled connection the server had already closed and was sent again at once on another.</summary>
    public const int StaleConnectionRetried = 3402;
}
