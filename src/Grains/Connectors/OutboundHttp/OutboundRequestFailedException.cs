namespace OrleansFlows.Grains.Connectors.OutboundHttp;

/// <summary>
/// An outbound call failed before a complete response arrived. The message says what happened (see
/// <see cref="OutboundFailure"/>) and names the host and port of the URL, never an address the host resolved to.
/// Treated as transient: the same call may succeed later.
/// </summary>
public sealed class OutboundRequestFailedException : HttpRequestException
{
    /// <summary>Creates the exception; <see cref="OutboundFailures"/> builds it from what the HTTP stack threw.</summary>
    public OutboundRequestFailedException(string host, OutboundFailure failure, HttpRequestError error, string message, Exception? innerException)
        : base(error, message, innerException)
    {
        Host = host;
        Failure = failure;
    }

    /// <summary>The host the call was for, as the URL names it.</summary>
    public string Host { get; }

    /// <summary>How the call failed.</summary>
    public OutboundFailure Failure { get; }
}
