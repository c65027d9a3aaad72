using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace OrleansFlows.Api.OpenApi;

/// <summary>
/// A property the API accepts as null may also be left out, so it is not listed as required; a property that must be
/// sent is marked <see cref="RequiredAttribute"/> and documented as required and not nullable (the API refuses null or
/// absence with a 400 that names it). The generator would otherwise mark every record parameter required and nullable.
/// </summary>
internal sealed class OptionalPropertiesSchemaTransformer(RequiredProperties requiredProperties) : IOpenApiSchemaTransformer
{
    public Task TransformAsync(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        if (context.JsonTypeInfo.Kind != JsonTypeInfoKind.Object || schema.Properties is null || schema.Required is null)
        {
            return Task.CompletedTask;
        }

        foreach (var property in context.JsonTypeInfo.Properties)
        {
            if (property.AttributeProvider?.IsDefined(typeof(RequiredAttribute), inherit: true) == true)
            {
                requiredProperties.Mark(context.JsonTypeInfo.Type.Name, property.Name);
            }

            if (!schema.Required.Contains(property.Name) || !schema.Properties.TryGetValue(property.Name, out var propertySchema) || !IsNullable(propertySchema))
            {
                continue;
            }

            if (property.AttributeProvider?.IsDefined(typeof(RequiredAttribute), inherit: true) == true)
            {
                if (propertySchema is OpenApiSchema { Type: { } type } concrete)
                {
                    concrete.Type = type & ~JsonSchemaType.Null;
                }
            }
            else
            {
                schema.Required.Remove(property.Name);
            }
        }

        return Task.CompletedTask;
    }

    /// <summary>
    /// Applies the rule to the finished components: nullable references (<c>oneOf</c> null and a <c>$ref</c>) only take
    /// their final shape after the schema transformers ran.
    /// </summary>
    public static void Apply(OpenApiDocument document, RequiredProperties requiredProperties)
    {
        foreach (var (name, component) in document.Components?.Schemas ?? new Dictionary<string, IOpenApiSchema>())
        {
            if (component is not OpenApiSchema { Required: { } required, Properties: { } properties })
            {
                continue;
            }

            foreach (var property in required.ToList())
            {
                if (!properties.TryGetValue(property, out var propertySchema) || !IsNullable(propertySchema))
                {
                    continue;
                }

                if (!requiredProperties.IsMarked(name, property))
                {
                    required.Remove(property);
                }
                else if (propertySchema.OneOf is { Count: 2 } options && options.SingleOrDefault(o => o.Type != JsonSchemaType.Null) is { } notNull)
                {
                    properties[property] = notNull;
                }
            }
        }
    }

    private static bool IsNullable(IOpenApiSchema schema) =>
        (schema.Type is { } type && type.HasFlag(JsonSchemaType.Null))
        || (schema.OneOf ?? []).Concat(schema.AnyOf ?? []).Any(s => s.Type == JsonSchemaType.Null);
}
