using Microsoft.OpenApi;

namespace OrleansFlows.Api.OpenApi;

/// <summary>The two bearer keys the API takes, as OpenAPI security schemes.</summary>
internal static class ApiSecuritySchemes
{
    public const string OperatorKey = "operatorKey";
    public const string TenantKey = "tenantKey";

    /// <summary>Adds both schemes to the document's components, once.</summary>
    public static void Register(OpenApiDocument document)
    {
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes.TryAdd(OperatorKey, new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = "bearer",
            BearerFormat = "ofop_…",
            Description = "The operator key, `Authorization: Bearer ofop_…`: generated and printed on the first run of a standalone host, or set with `OrleansFlows__OperatorKey`. It manages tenants.",
        });
        document.Components.SecuritySchemes.TryAdd(TenantKey, new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = "bearer",
            BearerFormat = "ofk_{keyId}_{secret}",
            Description = "A tenant API key, `Authorization: Bearer ofk_{keyId}_{secret}`, issued by the operator. The tenant comes from the key, never from the request.",
        });
    }

    /// <summary>A requirement for the scheme <paramref name="id"/>.</summary>
    public static OpenApiSecurityRequirement Requirement(string id, OpenApiDocument document) =>
        new() { [new OpenApiSecuritySchemeReference(id, document, null)] = [] };
}
