using System.ComponentModel.DataAnnotations;
using OrleansFlows.Contracts.Tenants;

namespace OrleansFlows.Api.Models;

/// <summary>The body of <c>POST /v1/tenants</c>.</summary>
public sealed record CreateTenantRequest([property: Required] string? Id, [property: Required] string? Name, [property: Required] string? TimeZone);

/// <summary>A new tenant and its first API key, shown this once.</summary>
public sealed record TenantCreatedResponse(TenantResponse Tenant, ApiKeyResponse ApiKey);

/// <summary>An API key. Its <c>key</c> is present only in the response that issued it.</summary>
public sealed record ApiKeyResponse(string Id, string? Key, DateTimeOffset CreatedAt);

/// <summary>The body of <c>PUT /v1/tenants/{tenantId}/limits</c>.</summary>
public sealed record PlanLimitsRequest(int LeadsPerDay, int ConcurrentOutboundCalls, int IngestPerMinute);

/// <summary>A webhook signing secret; its <c>secret</c> is shown only in the response that created it.</summary>
public sealed record WebhookSecretResponse(string Id, string Secret, DateTimeOffset CreatedAt)
{
    /// <summary>The secret's id again, under the name the secret list uses.</summary>
    public string SecretId => Id;
}

/// <summary>Today's usage in the tenant's time zone.</summary>
public sealed record UsageResponse(string BusinessDate, long LeadsAccepted, int LeadsPerDay);

/// <summary>The body of <c>PUT /v1/connections/{name}</c>.</summary>
public sealed record ConnectionRequest([property: Required] ConnectionKind? Kind, string? BaseUrl, Dictionary<string, string>? Headers, string? WebhookUrl, string? Uri = null);
