using Microsoft.AspNetCore.OpenApi;

namespace OrleansFlows.Api.OpenApi;

/// <summary>Adds the transformers that complete the OpenAPI document <c>v1</c>.</summary>
internal static class OpenApiServiceCollectionExtensions
{
    public static IServiceCollection AddOrleansFlowsOpenApiTransformers(this IServiceCollection services) =>
        services.AddSingleton<RequiredProperties>().Configure<OpenApiOptions>("v1", options =>
        {
            options.AddDocumentTransformer<ApiDocumentTransformer>();
            options.AddOperationTransformer<ApiOperationTransformer>();
            options.AddSchemaTransformer<OptionalPropertiesSchemaTransformer>();
        });
}
