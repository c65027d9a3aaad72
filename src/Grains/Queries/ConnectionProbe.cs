using System.Globalization;
using OrleansFlows.Contracts.Tenants;
using OrleansFlows.Grains.Connectors.OutboundHttp;
using OrleansFlows.Grains.RabbitMq;
using OrleansFlows.Grains.Security;
using OrleansFlows.Grains.Steps;

namespace OrleansFlows.Grains.Queries;

/// <summary>
/// Tests a connection the way a step would use it: its secrets decrypted just before the call, the request sent by the
/// outbound HTTP client (its address rules, connect timeout and response cap). The method is GET, which by HTTP's rules
/// changes nothing on the server: to an <c>http</c> connection's base URL with its headers, or to a <c>slack</c>
/// connection's webhook URL (which accepts only POSTed messages, so it answers GET with an error status: that
/// test shows that the address answers, not that a message would be accepted). Nothing secret is ever returned.
/// </summary>
internal sealed class ConnectionProbe(IGrainFactory grains, ConnectionResolver connections, OutboundHttpClientFactory http, BrokerConnections brokers, TimeProvider timeProvider)
{
    /// <summary>How long the whole test may take: under a grain call's 30 s limit, so a slow server gets a clear answer.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(15);

    public async Task<ConnectionTestResult?> TestAsync(TenantId tenant, string name)
    {
        if (await grains.GetGrain<ITenantGrain>(tenant.Value).GetConnectionAsync(name) is not { } details)
        {
            return null;
        }

        ResolvedConnection connection;
        try
        {
            connection = await connections.ResolveAsync(tenant, name, details.Kind);
        }
        catch (Exception exception) when (exception is StepConfigurationException or SecretDecryptionException)
        {
            return new ConnectionTestResult(false, null, 0, exception.Message);
        }

        if (details.Kind == ConnectionKind.RabbitMq)
        {
            return await TestBrokerAsync(connection);
        }

        var url = (details.Kind == ConnectionKind.Http ? connection.BaseUrl : connection.WebhookUrl) ?? "";
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri))
        {
            return new ConnectionTestResult(false, null, 0, $"Connection '{name}' has no valid URL to test.");
        }

        using var request = new HttpRequestMessage(HttpMethod.Get, uri);
        foreach (var (header, value) in connection.Headers)
        {
            request.Headers.TryAddWithoutValidation(header, value);
        }

        var started = timeProvider.GetTimestamp();
        using var deadline = new CancellationTokenSource(Timeout, timeProvider);
        try
        {
            var response = await http.SendAsync(request, deadline.Token);
            var ok = response.Status is >= 200 and <= 399;
            return new ConnectionTestResult(ok, response.Status, Elapsed(started), ok ? null : $"{uri.IdnHost} answered HTTP {response.Status}.");
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested)
        {
            return Failed(started, connection, string.Create(CultureInfo.InvariantCulture, $"No answer from {uri.IdnHost} within {Timeout.TotalSeconds:0} s."));
        }
        catch (Exception exception) when (exception is OutboundAddressForbiddenException or OutboundResponseTooLargeException or OutboundRequestFailedException)
        {
            return Failed(started, connection, exception.Message);
        }
    }

    /// <summary>Opens and closes an AMQP connection (TCP, TLS, login and virtual host), under the same address rules as a publish.</summary>
    private async Task<ConnectionTestResult> TestBrokerAsync(ResolvedConnection connection)
    {
        if (!AmqpAddress.TryParse(connection.AmqpUri, out var address, out var invalid))
        {
            return new ConnectionTestResult(false, null, 0, invalid);
        }

        var started = timeProvider.GetTimestamp();
        using var deadline = new CancellationTokenSource(Timeout, timeProvider);
        try
        {
            // Disposing closes the connection cleanly (connection.close), so the broker logs no error.
            await using var opened = await brokers.OpenAsync(address!, "orleansflows-connection-test", deadline.Token);

            // A channel too: a broker may answer the login before it refuses the virtual host.
            await using var channel = await opened.CreateChannelAsync(cancellationToken: deadline.Token);
            return new ConnectionTestResult(true, null, Elapsed(started), null);
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested)
        {
            return Failed(started, connection, string.Create(CultureInfo.InvariantCulture, $"No answer from broker {address!.Broker} within {Timeout.TotalSeconds:0} s."));
        }
        catch (Exception exception) when (exception is OutboundAddressForbiddenException or BrokerUnavailableException or RabbitMQ.Client.Exceptions.RabbitMQClientException or IOException)
        {
            return Failed(started, connection, $"Broker {address!.Broker} refused or could not be reached: {BrokerFailures.Describe(exception)}");
        }
    }

    private ConnectionTestResult Failed(long started, ResolvedConnection connection, string error) =>
        new(false, null, Elapsed(started), Redacted(error, connection));

    private long Elapsed(long started) => (long)timeProvider.GetElapsedTime(started).TotalMilliseconds;

    /// <summary>The outbound errors name only hosts and ports; this keeps any secret value out even if one ever did not.</summary>
    private static string Redacted(string error, ResolvedConnection connection)
    {
        var secrets = connection.Headers.Values.Append(connection.WebhookUrl).Append(connection.AmqpUri).OfType<string>().Where(s => s.Length >= 4);
        return secrets.Aggregate(error, (text, secret) => text.Replace(secret, "[redacted]", StringComparison.Ordinal));
    }
}
