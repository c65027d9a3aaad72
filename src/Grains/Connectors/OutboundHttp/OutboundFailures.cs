using System.Globalization;
using System.Net.Sockets;
using System.Security.Authentication;

namespace OrleansFlows.Grains.Connectors.OutboundHttp;

/// <summary>
/// The one place that turns what the HTTP stack throws for a failed call into a message a tenant can act on: which
/// host and port, and what happened (refused, closed, timed out, TLS, DNS). The stack's own message ("An error
/// occurred while sending the request.") says none of this. Messages never name the address a host resolved to.
/// </summary>
internal static class OutboundFailures
{
    /// <summary>Describes a failed exchange: an <see cref="HttpRequestException"/> or an <see cref="IOException"/> while reading the body.</summary>
    public static OutboundRequestFailedException Describe(Uri url, Exception exception)
    {
        var host = url.IdnHost;
        var endpoint = $"{host}:{url.Port.ToString(CultureInfo.InvariantCulture)}";
        var error = exception switch
        {
            HttpRequestException request => request.HttpRequestError,
            HttpIOException io => io.HttpRequestError,
            _ => HttpRequestError.Unknown,
        };
        var socket = Find<SocketException>(exception)?.SocketErrorCode;
        var tls = Find<AuthenticationException>(exception);
        var (failure, message) = (error, socket) switch
        {
            _ when tls is not null || error == HttpRequestError.SecureConnectionError => (
                OutboundFailure.TlsFailed,
                $"The TLS handshake with {endpoint} failed ({Innermost(tls ?? exception).Message.TrimEnd('.')}); check that the server speaks https on that port and that its certificate is valid."),
            (HttpRequestError.NameResolutionError, _) or (_, SocketError.HostNotFound or SocketError.NoData or SocketError.TryAgain) => (
                OutboundFailure.NameNotResolved,
                $"The host '{host}' could not be resolved (DNS: {socket?.ToString() ?? "no address"}); check the connection's URL."),
            (_, SocketError.ConnectionRefused) => (
                OutboundFailure.ConnectionRefused,
                $"The connection to {endpoint} was refused: nothing accepts connections on that port."),
            (_, SocketError.TimedOut) => (
                OutboundFailure.ConnectTimedOut,
                $"The connection to {endpoint} timed out."),
            (_, SocketError.HostUnreachable or SocketError.NetworkUnreachable or SocketError.HostDown or SocketError.NetworkDown) => (
                OutboundFailure.Unreachable,
                $"{endpoint} can't be reached ({socket})."),
            (HttpRequestError.ResponseEnded, _) or (_, SocketError.ConnectionReset or SocketError.ConnectionAborted or SocketError.Shutdown) => Closed(endpoint),
            (HttpRequestError.InvalidResponse, _) => (
                OutboundFailure.InvalidResponse,
                $"{endpoint} answered with something that is not valid HTTP."),
            _ when exception is IOException => Closed(endpoint),
            _ => (OutboundFailure.Other, $"The request to {endpoint} failed: {Innermost(exception).Message}"),
        };
        return new OutboundRequestFailedException(host, failure, error, message, exception);
    }

    /// <summary>The connection was not established within <see cref="OutboundHttpOptions.ConnectTimeout"/>.</summary>
    public static OutboundRequestFailedException ConnectTimedOut(Uri url, TimeSpan connectTimeout, Exception exception) => new(
        url.IdnHost,
        OutboundFailure.ConnectTimedOut,
        HttpRequestError.ConnectionError,
        $"The connection to {url.IdnHost}:{url.Port.ToString(CultureInfo.InvariantCulture)} was not established within {connectTimeout.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture)} s "
            + $"({OutboundHttpOptions.Section}:{nameof(OutboundHttpOptions.ConnectTimeout)}).",
        exception);

    private static (OutboundFailure, string) Closed(string endpoint) =>
        (OutboundFailure.ConnectionClosed, $"The connection to {endpoint} was closed before a complete response arrived.");

    private static T? Find<T>(Exception exception)
        where T : Exception
    {
        for (Exception? current = exception; current is not null; current = current.InnerException)
        {
            if (current is T found)
            {
                return found;
            }
        }

        return null;
    }

    private static Exception Innermost(Exception exception)
    {
        var current = exception;
        while (current.InnerException is not null)
        {
            current = current.InnerException;
        }

        return current;
    }
}
