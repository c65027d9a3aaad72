namespace OrleansFlows.Api.Tests.Endpoints;

/// <summary>One generated request, with the category it exercises and a short description for failure messages.</summary>
internal sealed record MalformedRequest(string Category, string Description, Func<HttpRequestMessage> Build);
