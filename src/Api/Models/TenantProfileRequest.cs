using System.ComponentModel.DataAnnotations;

namespace OrleansFlows.Api.Models;

/// <summary>The body of <c>PUT /v1/tenants/{tenantId}</c>.</summary>
/// <param name="Name">The business name, 1 to 200 characters.</param>
/// <param name="TimeZone">An IANA time zone such as <c>Europe/Berlin</c>.</param>
public sealed record TenantProfileRequest([property: Required] string? Name, [property: Required] string? TimeZone);
