using OrleansFlows.Contracts.Tenants;
using OrleansFlows.Grains.Security;

namespace OrleansFlows.Grains.Steps;

/// <summary>Fetches a tenant's connection and decrypts its secrets, just before a call; plaintext never leaves the attempt.</summary>
internal sealed class ConnectionResolver(IGrainFactory grains, SecretProtector secrets)
{
    public async Task<ResolvedConnection> ResolveAsync(TenantId tenant, string name, ConnectionKind expected)
    {
        var details = await grains.GetGrain<ITenantGrain>(tenant.Value).GetConnectionAsync(name)
            ?? throw new StepConfigurationException($"Connection '{name}' does not exist (it may have been deleted after the workflow was published).");
        if (details.Kind != expected)
        {
            throw new StepConfigurationException($"Connection '{name}' is a {details.Kind.ToString().ToLowerInvariant()} connection; this step needs {expected.ToString().ToLowerInvariant()}.");
        }

        var headers = details.ProtectedHeaders.ToDictionary(
            h => h.Key,
            h => secrets.Unprotect(new ProtectedSecret(h.Value), SecretPurposes.Header(tenant, name, h.Key)));
        var webhook = details.ProtectedWebhookUrl is { } url ? secrets.Unprotect(new ProtectedSecret(url), SecretPurposes.Webhook(tenant, name)) : null;
        var amqpUri = details.ProtectedUri is { } amqp ? secrets.Unprotect(new ProtectedSecret(amqp), SecretPurposes.AmqpUri(tenant, name)) : null;
        return new ResolvedConnection(name, details.BaseUrl, headers, webhook) { AmqpUri = amqpUri, ProtectedAmqpUri = details.ProtectedUri };
    }
}

/// <summary>A connection with its secrets in clear, alive only for one attempt.</summary>
internal sealed record ResolvedConnection(string Name, string? BaseUrl, IReadOnlyDictionary<string, string> Headers, string? WebhookUrl)
{
    /// <summary>For rabbitmq: the AMQP URI with its credentials.</summary>
    public string? AmqpUri { get; init; }

    /// <summary>For rabbitmq: the URI's ciphertext, which identifies this version of the connection without the secret.</summary>
    public string? ProtectedAmqpUri { get; init; }

    /// <summary>Redacted, so an accidental log line never shows a secret.</summary>
    public override string ToString() => $"connection {Name}";
}

/// <summary>A step can't run as configured (missing connection, wrong kind, bad template); retrying won't help.</summary>
internal sealed class StepConfigurationException(string message) : Exception(message)
{
}
