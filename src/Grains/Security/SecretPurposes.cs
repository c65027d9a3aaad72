using OrleansFlows.Contracts.Tenants;

namespace OrleansFlows.Grains.Security;

/// <summary>
/// The associated data each secret is bound to, so a ciphertext copied to another tenant or connection fails to
/// decrypt. One place, so the grain that encrypts and the executor that decrypts always agree.
/// </summary>
public static class SecretPurposes
{
    public static string Header(TenantId tenant, string connection, string header) => $"tenant/{tenant.Value}/connection/{connection}/header/{header.ToLowerInvariant()}";

    public static string Webhook(TenantId tenant, string connection) => $"tenant/{tenant.Value}/connection/{connection}/webhook";

    public static string AmqpUri(TenantId tenant, string connection) => $"tenant/{tenant.Value}/connection/{connection}/amqp-uri";

    public static string WebhookSigning(TenantId tenant, string secretId) => $"tenant/{tenant.Value}/webhook-signing/{secretId}";
}
