namespace OrleansFlows.Grains.Connectors.OutboundHttp;

/// <summary>
/// A response body was larger than <see cref="OutboundHttpOptions.MaxResponseBytes"/>. Reading stopped at the cap,
/// so no more than the cap was held in memory. It is not transient.
/// </summary>
public sealed class OutboundResponseTooLargeException : HttpRequestException
{
    /// <summary>Creates the exception; the message names the host and the limit, never the URL's path, which may hold a credential.</summary>
    public OutboundResponseTooLargeException(string host, long limit, long? contentLength)
        : base(
            HttpRequestError.ConfigurationLimitExceeded,
            contentLength is { } length
                ? $"The response from '{host}' declares {length} bytes, more than the limit of {limit} bytes ({OutboundHttpOptions.Section}:{nameof(OutboundHttpOptions.MaxResponseBytes)})."
                : $"The response from '{host}' is longer than the limit of {limit} bytes ({OutboundHttpOptions.Section}:{nameof(OutboundHttpOptions.MaxResponseBytes)}).")
    {
        Host = host;
        Limit = limit;
    }

    /// <summary>The host that sent the response.</summary>
    public string Host { get; }

    /// <summary>The limit, in bytes.</summary>
    public long Limit { get; }
}
