namespace OrleansFlows.Api.Models;

/// <summary>A newly issued API key; <c>apiKey</c> is shown this once.</summary>
public sealed record ApiKeyCreatedResponse(string KeyId, string ApiKey, DateTimeOffset CreatedAt);
