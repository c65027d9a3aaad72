namespace OrleansFlows.Contracts.Tenants;

/// <summary>How a test request to a connection's URL went.</summary>
/// <param name="Ok">Whether it answered with a 2xx or 3xx status.</param>
/// <param name="Status">The HTTP status it answered with, or null when no answer came.</param>
/// <param name="DurationMs">How long the request took, in milliseconds.</param>
/// <param name="Error">Why it is not ok, or null; it names the host, never the connection's secrets.</param>
[Immutable]
[GenerateSerializer]
[Alias("OrleansFlows.ConnectionTestResult")]
public sealed record ConnectionTestResult(bool Ok, int? Status, long DurationMs, string? Error);
