using OrleansFlows.Contracts.Tenants;
using OrleansFlows.Grains.Connectors.OutboundHttp;
using OrleansFlows.Grains.Security;

namespace OrleansFlows.Grains.Tenants;

public sealed partial class TenantGrain
{
    private static readonly TimeSpan AddressLookupTimeout = TimeSpan.FromSeconds(5);

    public async Task<ConnectionView> PutConnectionAsync(ConnectionSpec connection)
    {
        EnsureExists();
        IReadOnlyDictionary<string, string[]> errors = ConnectionRules.Validate(connection, outbound.Value.AllowPrivateNetworks);
        if (errors.Count == 0)
        {
            errors = await ResolvedAddressErrorsAsync(connection);
        }

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
            UpdatedAt = timeProvider.GetUtcNow(),
        };
        var previous = state.State.Connections.GetValueOrDefault(connection.Name);
        state.State.Connections[connection.Name] = stored;
        await WriteOrRollBackAsync(() => Restore(connection.Name, previous));
        return View(connection.Name, stored);
    }

    public async Task<bool> DeleteConnectionAsync(string name)
    {
        EnsureExists();
        if (!state.State.Connections.Remove(name, out var previous))
        {
            return false;
        }

        await WriteOrRollBackAsync(() => state.State.Connections[name] = previous);
        return true;
    }

    public Task<IReadOnlyList<ConnectionView>> ListConnectionsAsync() =>
        Task.FromResult<IReadOnlyList<ConnectionView>>(state.State.Connections.OrderBy(c => c.Key, StringComparer.Ordinal).Select(c => View(c.Key, c.Value)).ToList());

    public Task<ConnectionDetails?> GetConnectionAsync(string name) => Task.FromResult(
        state.State.Connections.TryGetValue(name, out var c)
            ? new ConnectionDetails(name, c.Kind, c.BaseUrl, c.Headers.ToDictionary(h => h.Key, h => h.Value.Ciphertext), c.WebhookUrl?.Ciphertext)
            : null);

    /// <summary>
    /// Refuses a URL whose host name resolves to a private, loopback or link-local address. The lookup is bounded, as
    /// it holds this tenant's turn; the outbound handler checks every address again when a step connects.
    /// </summary>
    private async Task<IReadOnlyDictionary<string, string[]>> ResolvedAddressErrorsAsync(ConnectionSpec connection)
    {
        var (field, url) = connection.Kind == ConnectionKind.Http ? ("baseUrl", connection.BaseUrl) : ("webhookUrl", connection.WebhookUrl);
        if (url is null || !Uri.TryCreate(url, UriKind.Absolute, out var uri))
        {
            return new Dictionary<string, string[]>();
        }

        using var timeout = new CancellationTokenSource(AddressLookupTimeout);
        string? refusal;
        try
        {
            refusal = await OutboundAddressPolicy.CheckUrlAsync(uri, outbound.Value.AllowPrivateNetworks, timeout.Token);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
            refusal = $"The host '{uri.Host}' did not resolve within {AddressLookupTimeout.TotalSeconds:0} s; check the name and retry.";
        }

        return refusal is null ? new Dictionary<string, string[]>() : new Dictionary<string, string[]> { [field] = [refusal] };
    }

    private IReadOnlyDictionary<string, ConnectionKind> ConnectionKinds() => state.State.Connections.ToDictionary(c => c.Key, c => c.Value.Kind);

    private void Restore(string name, Connection? previous)
    {
        if (previous is null)
        {
            state.State.Connections.Remove(name);
        }
        else
        {
            state.State.Connections[name] = previous;
        }
    }

    private static ConnectionView View(string name, Connection c) =>
        new(name, c.Kind, c.BaseUrl, c.Headers.Keys.Order(StringComparer.Ordinal).ToList(), c.WebhookHost, c.UpdatedAt);
}
