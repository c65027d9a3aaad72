namespace OrleansFlows.Contracts.Tenants;

/// <summary>
/// A connection as the step executor needs it: secret values still encrypted (ciphertexts with their key id). Only
/// the executor decrypts them, just before a call.
/// </summary>
[GenerateSerializer]
[Alias("OrleansFlows.ConnectionDetails")]
public sealed record ConnectionDetails(string Name, ConnectionKind Kind, string? BaseUrl, IReadOnlyDictionary<string, string> ProtectedHeaders, string? ProtectedWebhookUrl, string? ProtectedUri = null);
