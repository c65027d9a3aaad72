namespace OrleansFlows.Api.OpenApi;

/// <summary>Declares what the OpenAPI generator can't infer from a handler that reads the request itself.</summary>
internal static class OpenApiEndpointExtensions
{
    /// <summary>Declares a request header the operation reads.</summary>
    public static TBuilder WithRequestHeader<TBuilder>(this TBuilder builder, string name, string description, bool required = false, int maxLength = 256)
        where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new DocumentedRequestHeader(name, description, required, maxLength));

    /// <summary>Declares the operation's JSON object body.</summary>
    public static RouteHandlerBuilder WithJsonBody(this RouteHandlerBuilder builder, string description, IReadOnlyList<string>? requiredProperties = null, Uri? schemaUrl = null) =>
        builder.Accepts<object>("application/json").WithMetadata(new DocumentedJsonBody(description, requiredProperties ?? [], schemaUrl));
}
