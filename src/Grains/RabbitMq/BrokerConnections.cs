using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrleansFlows.Grains.Connectors.OutboundHttp;
using RabbitMQ.Client;

namespace OrleansFlows.Grains.RabbitMq;

/// <summary>
/// Opens AMQP connections to tenants' brokers under the outbound address rules, and keeps one shared connection per
/// tenant connection (and its encrypted URI, so a replaced URI gets a new one) for publishing.
/// </summary>
/// <remarks>
/// The host is resolved here and every address checked before connecting, and the connection goes to a checked
/// address, so a name that changes its answer between the save and the call (DNS rebinding) still can't reach a
/// private network. With TLS the certificate is still checked against the host name.
/// </remarks>
internal sealed partial class BrokerConnections(IOptions<OutboundHttpOptions> outbound, ILogger<BrokerConnections> logger) : IAsyncDisposable
{
    /// <summary>How long opening a connection (TCP, TLS and the AMQP handshake) may take.</summary>
    public static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(10);

    private readonly ConcurrentDictionary<string, Lazy<Task<IConnection>>> _shared = new(StringComparer.Ordinal);

    /// <summary>The shared connection for <paramref name="key"/>, opened if there is none or it has closed.</summary>
    public async Task<IConnection> GetSharedAsync(string key, AmqpAddress address, CancellationToken cancellationToken)
    {
        while (true)
        {
            var entry = _shared.GetOrAdd(key, _ => new Lazy<Task<IConnection>>(() => OpenAsync(address, "orleansflows-publish", CancellationToken.None)));
            IConnection connection;
            try
            {
                connection = await entry.Value.WaitAsync(cancellationToken);
            }
            catch (Exception) when (!cancellationToken.IsCancellationRequested)
            {
                _shared.TryRemove(new KeyValuePair<string, Lazy<Task<IConnection>>>(key, entry));
                throw;
            }

            if (connection.IsOpen)
            {
                return connection;
            }

            LogConnectionClosed(logger, address.Broker, connection.CloseReason?.ReplyText ?? "unknown");
            if (_shared.TryRemove(new KeyValuePair<string, Lazy<Task<IConnection>>>(key, entry)))
            {
                await connection.DisposeAsync();
            }
        }
    }

    /// <summary>Opens a new connection of the caller's own (a consumer's), with the address rules applied.</summary>
    /// <exception cref="OutboundAddressForbiddenException">The host is, or resolves to, a non-public address.</exception>
    public async Task<IConnection> OpenAsync(AmqpAddress address, string clientName, CancellationToken cancellationToken)
    {
        var endpoints = await CheckedEndpointsAsync(address, cancellationToken);
        var factory = new ConnectionFactory
        {
            UserName = address.UserName ?? ConnectionFactory.DefaultUser,
            Password = address.Password ?? ConnectionFactory.DefaultPass,
            VirtualHost = address.VirtualHost,
            RequestedConnectionTimeout = ConnectTimeout,
            AutomaticRecoveryEnabled = false,
            TopologyRecoveryEnabled = false,
            ClientProvidedName = clientName,
        };
        var connection = await factory.CreateConnectionAsync(endpoints, cancellationToken);
        LogConnectionOpened(logger, address.Broker);
        return connection;
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        foreach (var entry in _shared.Values.Where(e => e.IsValueCreated && e.Value.IsCompletedSuccessfully))
        {
            await entry.Value.Result.DisposeAsync();
        }

        _shared.Clear();
    }

    private async Task<IReadOnlyList<AmqpTcpEndpoint>> CheckedEndpointsAsync(AmqpAddress address, CancellationToken cancellationToken)
    {
        var tls = new SslOption(address.Host, enabled: address.Tls);
        var allowPrivate = outbound.Value.AllowPrivateNetworks;
        IPAddress[] addresses;
        try
        {
            addresses = IPAddress.TryParse(address.Host, out var literal)
                ? [literal]
                : await Dns.GetHostAddressesAsync(address.Host, cancellationToken);
        }
        catch (SocketException ex)
        {
            throw new BrokerUnavailableException($"The broker host '{address.Host}' could not be resolved ({ex.SocketErrorCode}).", ex);
        }

        if (!allowPrivate && addresses.FirstOrDefault(OutboundAddressPolicy.IsForbidden) is { } forbidden)
        {
            LogForbiddenAddress(logger, address.Host, forbidden);
            throw new OutboundAddressForbiddenException(address.Host, forbidden, OutboundAddressPolicy.GetForbiddenRange(forbidden)!);
        }

        return [.. addresses.Select(ip => new AmqpTcpEndpoint(ip.ToString(), address.Port, tls))];
    }

    [LoggerMessage(EventId = RabbitMqEventIds.ForbiddenAddress, Level = LogLevel.Warning, Message = "Broker host {Host} resolved to the non-public address {Address}; the connection was refused")]
    private static partial void LogForbiddenAddress(ILogger logger, string host, IPAddress address);

    [LoggerMessage(EventId = RabbitMqEventIds.ConnectionOpened, Level = LogLevel.Information, Message = "Opened a connection to broker {Broker}")]
    private static partial void LogConnectionOpened(ILogger logger, string broker);

    [LoggerMessage(EventId = RabbitMqEventIds.ConnectionClosed, Level = LogLevel.Information, Message = "The connection to broker {Broker} closed ({Reason}); the next use opens a new one")]
    private static partial void LogConnectionClosed(ILogger logger, string broker, string reason);
}
