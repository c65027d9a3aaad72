using OrleansFlows.Contracts.Tenants;
using OrleansFlows.Grains.RabbitMq;
using OrleansFlows.Grains.Security;

namespace OrleansFlows.Grains.Tenants;

public sealed partial class TenantGrain
{
    public async Task<ConnectionView> PutConnectionAsync(ConnectionSpec connection)
    {
        EnsureExists();
        var errors = ConnectionRules.Validate(connection, outbound.Value.AllowPrivateNetworks);
        if (errors.Count > 0)
        {
            throw new TenantValidationException(errors);
        }

        var stored = new Connection
        {
            Kind = connection.Kind,
            BaseUrl = connection.BaseUrl,
            Headers = (connection.Headers ?? new Dictionary<string, string>())
                .ToDictionary(h => h.Key, h => secrets.Protect(h.Value, SecretPurposes.Header(Id, connection.Name, h.Key))),
            WebhookUrl = connection.WebhookUrl is { } url ? secrets.Protect(url, SecretPurposes.Webhook(Id, connection.Name)) : null,
            WebhookHost = connection.WebhookUrl is { } hook ? new Uri(hook).Host : null,
            Uri = connection.Uri is { } amqp ? secrets.Protect(amqp, SecretPurposes.AmqpUri(Id, connection.Name)) : null,
            Broker = AmqpAddress.TryParse(connection.Uri, out var broker, out _) ? broker!.Broker : null,
            UpdatedAt = timeProvider.GetUtcNow(),
        };
        state.State.Connections[connection.Name] = stored;
        await CommitAsync();
        return View(connection.Name, stored);
    }

    public async Task<bool> DeleteConnectionAsync(string name)
    {
        EnsureExists();
        if (!state.State.Connections.Remove(name))
        {
            return false;
        }

        await CommitAsync();
        return true;
    }

    public Task<IReadOnlyList<ConnectionView>> ListConnectionsAsync() =>
        Task.FromResult<IReadOnlyList<ConnectionView>>(state.State.Connections.OrderBy(c => c.Key, StringComparer.Ordinal).Select(c => View(c.Key, c.Value)).ToList());

    public Task<ConnectionDetails?> GetConnectionAsync(string name) => Task.FromResult(
        state.State.Connections.TryGetValue(name, out var c)
            ? new ConnectionDetails(name, c.Kind, c.BaseUrl, c.Headers.ToDictionary(h => h.Key, h => h.Value.Ciphertext), c.WebhookUrl?.Ciphertext, c.Uri?.Ciphertext)
            : null);

    private IReadOnlyDictionary<string, ConnectionKind> ConnectionKinds() => state.State.Connections.ToDictionary(c => c.Key, c => c.Value.Kind);

    private static ConnectionView View(string name, Connection c) =>
        new(name, c.Kind, c.BaseUrl, c.Headers.Keys.Order(StringComparer.Ordinal).ToList(), c.WebhookHost, c.UpdatedAt, c.Broker);
}
