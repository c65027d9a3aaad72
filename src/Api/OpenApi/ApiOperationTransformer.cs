using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using OrleansFlows.Api.Auth;

namespace OrleansFlows.Api.OpenApi;

/// <summary>
/// Completes each operation: which key it takes (or none, for the signed webhook), the request headers and JSON body
/// it reads itself, and the response headers clients act on (<c>Retry-After</c> on 429 and 503, <c>Location</c> on
/// 201 and 202).
/// </summary>
internal sealed class ApiOperationTransformer : IOpenApiOperationTransformer
{
    public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var metadata = context.Description.ActionDescriptor.EndpointMetadata;
        var document = context.Document ?? throw new InvalidOperationException("The OpenAPI operation has no document.");
        ApiSecuritySchemes.Register(document);
        var authentication = metadata.OfType<RequiredAuthentication>().LastOrDefault()?.Type;
        operation.Security = authentication == typeof(OperatorAuthentication) ? [ApiSecuritySchemes.Requirement(ApiSecuritySchemes.OperatorKey, document)]
            : authentication == typeof(TenantAuthentication) ? [ApiSecuritySchemes.Requirement(ApiSecuritySchemes.TenantKey, document)]
            : [];

        foreach (var header in metadata.OfType<DocumentedRequestHeader>())
        {
            operation.Parameters ??= [];
            operation.Parameters.Add(new OpenApiParameter
            {
                Name = header.Name,
                In = ParameterLocation.Header,
                Required = header.Required,
                Description = header.Description,
                Schema = new OpenApiSchema { Type = JsonSchemaType.String, MaxLength = header.MaxLength },
            });
        }

        if (metadata.OfType<DocumentedJsonBody>().LastOrDefault() is { } body)
        {
            operation.RequestBody = new OpenApiRequestBody
            {
                Description = body.Description,
                Required = true,
                Content = new Dictionary<string, OpenApiMediaType>
                {
                    ["application/json"] = new() { Schema = BodySchema(body) },
                },
            };
        }

        DeclareBodyRefusals(operation);
        foreach (var (status, response) in operation.Responses ?? [])
        {
            if (response is OpenApiResponse documented)
            {
                AddHeaders(status, documented);
            }
        }

        return Task.CompletedTask;
    }

    // Every operation that takes a body can be refused one too large (413) or not JSON (415), whether the handler reads
    // the body itself or the framework binds it; both answers are problem documents like the operation's others.
    private static void DeclareBodyRefusals(OpenApiOperation operation)
    {
        if (operation.RequestBody is null || operation.Responses is null
            || operation.Responses.Values.OfType<OpenApiResponse>().FirstOrDefault(r => r.Content?.ContainsKey("application/problem+json") == true) is not { } problem)
        {
            return;
        }

        operation.Responses.TryAdd("413", new OpenApiResponse { Description = "Payload Too Large", Content = problem.Content });
        operation.Responses.TryAdd("415", new OpenApiResponse { Description = "Unsupported Media Type", Content = problem.Content });
    }

    private static OpenApiSchema BodySchema(DocumentedJsonBody body)
    {
        var schema = new OpenApiSchema { Type = JsonSchemaType.Object, Description = body.Description };
        if (body.RequiredProperties.Count > 0)
        {
            schema.Required = new HashSet<string>(body.RequiredProperties, StringComparer.Ordinal);
            schema.Properties = body.RequiredProperties.ToDictionary(p => p, IOpenApiSchema (_) => new OpenApiSchema(), StringComparer.Ordinal);
        }

        if (body.SchemaUrl is { } url)
        {
            schema.ExternalDocs = new OpenApiExternalDocs { Url = url, Description = "The JSON Schema of this body, served by the API (docs/workflow-definition.schema.json in the repository)." };
        }

        return schema;
    }

    private static void AddHeaders(string status, OpenApiResponse response)
    {
        switch (status)
        {
            case "429" or "503":
                response.Headers ??= new Dictionary<string, IOpenApiHeader>();
                response.Headers.TryAdd("Retry-After", new OpenApiHeader
                {
                    Description = "Seconds to wait before retrying.",
                    Required = true,
                    Schema = new OpenApiSchema { Type = JsonSchemaType.Integer, Minimum = "1" },
                });
                break;
            case "201" or "202":
                response.Headers ??= new Dictionary<string, IOpenApiHeader>();
                response.Headers.TryAdd("Location", new OpenApiHeader
                {
                    Description = "The path of the created or accepted resource.",
                    Required = true,
                    Schema = new OpenApiSchema { Type = JsonSchemaType.String, Format = "uri-reference" },
                });
                break;
        }
    }
}
