namespace OrleansFlows.TestKit.Saas;

/// <summary>What a <see cref="ClosingHttpServer"/> does with a connection around its answers.</summary>
public enum ConnectionHabit
{
    /// <summary>Answers HTTP/1.0 without announcing keep-alive, then holds the socket open and reads nothing more.</summary>
    Http10HoldsSocket,

    /// <summary>Answers HTTP/1.0 without announcing keep-alive, then closes the connection.</summary>
    Http10Closes,

    /// <summary>Answers HTTP/1.1 with <c>Connection: close</c>, then closes the connection.</summary>
    AnnouncedClose,

    /// <summary>Answers HTTP/1.1 as if keeping the connection, then closes it at once without saying so.</summary>
    UnannouncedClose,

    /// <summary>
    /// Answers HTTP/1.1 as if keeping the connection, and closes it (with a reset) the moment the next request
    /// arrives, without reading it: a server whose idle close crosses the client's next request, every time.
    /// </summary>
    CloseCrossesNextRequest,

    /// <summary>
    /// Answers the first request of a connection (HTTP/1.1, keeping it), then reads the next request on it and closes
    /// the connection without answering: a server that may have acted on that request.
    /// </summary>
    HangsUpOnNextRequest,

    /// <summary>
    /// Answers the first request of a connection (HTTP/1.1, keeping it), then reads the next request on it, sends the
    /// start of an answer and closes the connection.
    /// </summary>
    PartialAnswerOnNextRequest,

    /// <summary>Keeps connections open (HTTP/1.1) but closes each one idle for the server's idle timeout after an answer (a new connection waits for its first request).</summary>
    ClosesIdleConnections,
}
