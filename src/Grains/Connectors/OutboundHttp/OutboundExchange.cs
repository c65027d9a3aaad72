namespace OrleansFlows.Grains.Connectors.OutboundHttp;

/// <summary>
/// One try of one outbound request: which pooled connection it was written on, whether that connection had served
/// an earlier request, and whether the response head arrived. <see cref="OutboundHttpClientFactory"/> sets it as
/// <see cref="Current"/> around the send, and <see cref="PooledConnectionStream"/> fills it in as the request is
/// written, since the HTTP stack writes on the request's own async flow.
/// </summary>
internal sealed class OutboundExchange
{
    private static readonly AsyncLocal<OutboundExchange?> CurrentExchange = new();

    /// <summary>The exchange the calling async flow is sending, if any.</summary>
    public static OutboundExchange? Current
    {
        get => CurrentExchange.Value;
        set => CurrentExchange.Value = value;
    }

    /// <summary>The connection the request was written (or began to be written) on; <see langword="null"/> before that.</summary>
    public PooledConnectionStream? Connection { get; set; }

    /// <summary>Whether <see cref="Connection"/> had carried an earlier request: it came from the pool, not from a new connect.</summary>
    public bool Reused { get; set; }

    /// <summary>Whether the response head arrived; after that, a failure is never retried at once.</summary>
    public bool HeadersReceived { get; set; }

    /// <summary>
    /// Whether the request failed on a pooled connection that the peer had already closed: the connection was reused,
    /// the failure is a closed or reset connection (or one this client had retired), and not one byte of an answer
    /// arrived. Only such a failure may be retried at once on another connection.
    /// </summary>
    public bool FailedOnStaleConnection(OutboundFailure failure) =>
        Connection is { } connection
        && Reused
        && !HeadersReceived
        && connection.BytesReceivedForCurrent == 0
        && (failure == OutboundFailure.ConnectionClosed || connection.IsRetired);
}
