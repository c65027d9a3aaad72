namespace OrleansFlows.Api.OpenApi;

/// <summary>
/// Endpoint metadata: the JSON object body an operation reads as raw JSON (so the generator can't see its shape), with
/// the properties it requires and, where one exists, the JSON Schema that defines it.
/// </summary>
internal sealed record DocumentedJsonBody(string Description, IReadOnlyList<string> RequiredProperties, Uri? SchemaUrl = null);
