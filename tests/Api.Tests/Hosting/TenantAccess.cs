namespace OrleansFlows.Api.Tests.Hosting;

/// <summary>A tenant created through the operator API, and its first API key.</summary>
public sealed record TenantAccess(string TenantId, string KeyId, string ApiKey);
