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
/// tenant connection (and its encrypted URI, so a replaced URI gets a new one) for publishing. A shared connection
/// nobody has asked for in <see cref="IdleTimeout"/> is closed, so a replaced or deleted connection, or a tenant that
/// stopped publishing, holds no socket on the broker.
/// </summary>
/// <remarks>
/// The host is resolved here and every address checked before connecting, and the connection goes to a checked
/// address, so a name that changes its answer between the save and the call (DNS rebinding) still can't reach a
/// private network. With TLS the certificate is still checked against the host name.
/// </remarks>
internal sealed partial class BrokerConnections : IAsyncDisposable
{
    /// <summary>How long opening a connection (TCP, TLS and the AMQP handshake) may take.</summary>
    public static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(10);

    /// <summary>
    /// How long a shared connection stays open after it was last handed out: twice the longest publish step timeout,
    /// so a publish never loses its connection half way.
    /// </summary>
    public static readonly TimeSpan IdleTimeout = TimeSpan.FromMinutes(10);

    private static readonly TimeSpan IdleSweepPeriod = TimeSpan.FromMinutes(1);

    private readonly ConcurrentDictionary<string, SharedConnection> _shared = new(StringComparer.Ordinal);
    private readonly IOptions<OutboundHttpOptions> _outbound;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<BrokerConnections> _logger;
    private readonly ITimer _idleSweep;

    public BrokerConnections(IOptions<OutboundHttpOptions> outbound, TimeProvider timeProvider, ILogger<BrokerConnections> logger)
    {
        _outbound = outbound;
        _timeProvider = timeProvider;
        _logger = logger;
        _idleSweep = timeProvider.CreateTimer(_ => _ = CloseIdleAsync(), null, IdleSweepPeriod, IdleSweepPeriod);
    }

    /// <summary>The shared connection for <paramref name="key"/>, opened if there is none or it has closed.</summary>
    public async Task<IConnection> GetSharedAsync(string key, AmqpAddress address, CancellationToken cancellationToken)
    {
        while (true)
        {
            var entry = _shared.GetOrAdd(key, _ => new SharedConnection(address, new Lazy<Task<IConnection>>(() => OpenAsync(address, "orleansflows-publish", CancellationToken.None))));
            entry.LastUsed = _timeProvider.GetUtcNow();
            IConnection connection;
            try
            {
                connection = await entry.Connection.Value.WaitAsync(cancellationToken);
            }
            catch (Exception) when (!cancellationToken.IsCancellationRequested)
            {
                _shared.TryRemove(new KeyValuePair<string, SharedConnection>(key, entry));
                throw;
            }

            if (connection.IsOpen)
            {
                return connection;
            }

            LogConnectionClosed(_logger, address.Broker, connection.CloseReason?.ReplyText ?? "unknown");
            if (_shared.TryRemove(new KeyValuePair<string, SharedConnection>(key, entry)))
            {
                await connection.DisposeAsync();
            }
        }
    }

    /// <summary>Closes the shared connections not handed out in <see cref="IdleTimeout"/>; returns how many it closed.</summary>
    internal async Task<int> CloseIdleAsync()
    {
        var before = _timeProvider.GetUtcNow() - IdleTimeout;
        var closed = 0;
        foreach (var (key, entry) in _shared)
        {
            // Removed only if no caller took it since it was read; one that does later opens a new connection.
            if (entry.LastUsed >= before || !_shared.TryRemove(new KeyValuePair<string, SharedConnection>(key, entry)))
            {
                continue;
            }

            if (entry.Connection.IsValueCreated && entry.Connection.Value.IsCompletedSuccessfully)
            {
                await entry.Connection.Value.Result.DisposeAsync();
                LogIdleConnectionClosed(_logger, entry.Address.Broker);
                closed++;
            }
        }

        return closed;
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
        LogConnectionOpened(_logger, address.Broker);
        return connection;
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _idleSweep.DisposeAsync();
        foreach (var entry in _shared.Values.Where(e => e.Connection.IsValueCreated && e.Connection.Value.IsCompletedSuccessfully))
        {
            await entry.Connection.Value.Result.DisposeAsync();
        }

        _shared.Clear();
    }

    private async Task<IReadOnlyList<AmqpTcpEndpoint>> CheckedEndpointsAsync(AmqpAddress address, CancellationToken cancellationToken)
    {
        var tls = new SslOption(address.Host, enabled: address.Tls);
        var allowPrivate = _outbound.Value.AllowPrivateNetworks;
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
            LogForbiddenAddress(_logger, address.Host, forbidden);
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

    [LoggerMessage(EventId = RabbitMqEventIds.IdleConnectionClosed, Level = LogLevel.Information, Message = "Closed the connection to broker {Broker}, unused for the idle timeout")]
    private static partial void LogIdleConnectionClosed(ILogger logger, string broker);

    /// <summary>A shared connection, the address it goes to, and when it was last handed out.</summary>
    private sealed class SharedConnection(AmqpAddress address, Lazy<Task<IConnection>> connection)
    {
        public AmqpAddress Address { get; } = address;

        public Lazy<Task<IConnection>> Connection { get; } = connection;

        private long _lastUsedTicks;

        // Read by the idle sweep while callers write it: ticks, so no read sees half of a write.
        public DateTimeOffset LastUsed
        {
            get => new(Volatile.Read(ref _lastUsedTicks), TimeSpan.Zero);
            set => Volatile.Write(ref _lastUsedTicks, value.UtcTicks);
        }
    }
}
