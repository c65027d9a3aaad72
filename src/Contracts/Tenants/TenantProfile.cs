namespace OrleansFlows.Contracts.Tenants;

/// <summary>A tenant's profile.</summary>
/// <param name="Name">The business name shown to operators, 1 to 200 characters.</param>
/// <param name="TimeZone">An IANA time zone such as <c>Europe/Berlin</c>; business days and nightly batches follow it.</param>
[Immutable]
[GenerateSerializer]
[Alias("OrleansFlows.TenantProfile")]
public sealed record TenantProfile(string Name, string TimeZone);
