namespace OrleansFlows.Console.Tests.Support;

/// <summary>A tenant created through the operator API, and its first API key.</summary>
public sealed record TenantAccess(string TenantId, string ApiKey);
