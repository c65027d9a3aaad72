namespace OrleansFlows.Api.Auth;

/// <summary>The key ids the throttle counts failures against, one namespace per kind of credential.</summary>
internal static class ThrottleKeyIds
{
    /// <summary>A tenant API key's id (from its well-formed shape).</summary>
    public static string? ApiKey(string? keyId) => keyId is null ? null : "api-key:" + keyId;

    /// <summary>A tenant's webhook signatures.</summary>
    public static string WebhookTenant(string tenantId) => "webhook:" + tenantId;
}
