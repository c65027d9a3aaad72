namespace OrleansFlows.Api.OpenApi;

/// <summary>Endpoint metadata: a request header the operation reads, declared in the OpenAPI document.</summary>
internal sealed record DocumentedRequestHeader(string Name, string Description, bool Required, int MaxLength);
