using System.Globalization;

namespace OrleansFlows.Grains.RabbitMq;

/// <summary>
/// A broker address parsed from an AMQP URI (<c>amqp://user:password@host:port/vhost</c>, or <c>amqps://</c> for TLS), as
/// RabbitMQ's URI specification reads it: the default ports are 5672 and 5671, the path is one percent-encoded virtual
/// host, and an empty path is the default virtual host <c>/</c>.
/// </summary>
/// <remarks>Carries the credentials in clear: it lives only for the connection attempt, and <see cref="ToString"/> never shows them.</remarks>
internal sealed record AmqpAddress(Uri Uri, bool Tls, string Host, int Port, string VirtualHost, string? UserName, string? Password)
{
    /// <summary>The longest URI accepted.</summary>
    public const int MaxLength = 2048;

    /// <summary>The broker without its credentials, as reads show it: scheme, host, port and virtual host.</summary>
    public string Broker => string.Create(CultureInfo.InvariantCulture, $"{Uri.Scheme}://{Uri.IdnHost}:{Port}/{Uri.EscapeDataString(VirtualHost)}");

    /// <summary>Parses <paramref name="text"/>; on failure <paramref name="error"/> says what is wrong without repeating the URI (it may hold a password).</summary>
    public static bool TryParse(string? text, out AmqpAddress? address, out string error)
    {
        address = null;
        error = "";
        if (string.IsNullOrWhiteSpace(text))
        {
            error = "'uri' is required: an AMQP URI such as amqps://user:password@broker.example.com/vhost.";
            return false;
        }

        if (text.Length > MaxLength)
        {
            error = $"'uri' must be at most {MaxLength} characters; it has {text.Length}.";
            return false;
        }

        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || uri.Scheme is not ("amqp" or "amqps"))
        {
            error = "'uri' must be an absolute amqp:// or amqps:// URI, such as amqps://user:password@broker.example.com/vhost.";
            return false;
        }

        if (!string.IsNullOrEmpty(uri.Query) || !string.IsNullOrEmpty(uri.Fragment))
        {
            error = "'uri' must not have a query or fragment; the platform sets the connection's options itself.";
            return false;
        }

        var path = uri.AbsolutePath.TrimStart('/');
        if (path.Contains('/', StringComparison.Ordinal))
        {
            error = "'uri' names at most one virtual host after the host; percent-encode a '/' inside its name as %2F.";
            return false;
        }

        var (user, password) = SplitUserInfo(uri.UserInfo);
        var tls = uri.Scheme == "amqps";
        var port = uri.IsDefaultPort || uri.Port < 0 ? (tls ? 5671 : 5672) : uri.Port;
        var virtualHost = path.Length == 0 ? "/" : Uri.UnescapeDataString(path);
        address = new AmqpAddress(uri, tls, uri.DnsSafeHost, port, virtualHost, user, password);
        return true;
    }

    /// <summary>Redacted: never the credentials.</summary>
    public override string ToString() => Broker;

    private static (string? User, string? Password) SplitUserInfo(string userInfo)
    {
        if (userInfo.Length == 0)
        {
            return (null, null);
        }

        var colon = userInfo.IndexOf(':', StringComparison.Ordinal);
        return colon < 0
            ? (Uri.UnescapeDataString(userInfo), null)
            : (Uri.UnescapeDataString(userInfo[..colon]), Uri.UnescapeDataString(userInfo[(colon + 1)..]));
    }
}
