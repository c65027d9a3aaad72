using System.Collections;
using System.Reflection;
using System.Text.Json;
using OrleansFlows.Api.Problems;
using OrleansFlows.Contracts.Text;

namespace OrleansFlows.Api.Intake;

/// <summary>
/// Refuses, with a 400 naming the field, any text of a request that the stores can't keep (<see cref="StorableText"/>):
/// path segments, query parameters (cursors among them), the headers that are stored (idempotency keys, webhook ids)
/// and the strings of a bound JSON body (tenant profiles, connection URLs and headers, schedules). Raw JSON bodies
/// (leads, workflow definitions) are checked where they are read, in <see cref="RequestBodies.CheckJson"/>.
/// </summary>
internal sealed class StorableTextFilter : IEndpointFilter
{
    private static readonly string[] StoredHeaders = ["Idempotency-Key", "webhook-id"];

    public ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var errors = new Dictionary<string, string[]>();
        var request = context.HttpContext.Request;
        foreach (var (name, value) in request.RouteValues)
        {
            Check(errors, name, value as string);
        }

        foreach (var (name, values) in request.Query)
        {
            Check(errors, name, name);
            foreach (var value in values)
            {
                Check(errors, name, value);
            }
        }

        foreach (var header in StoredHeaders)
        {
            Check(errors, header, request.Headers[header].ToString());
        }

        foreach (var argument in context.Arguments)
        {
            if (argument?.GetType() is { Namespace: "OrleansFlows.Api.Models" } type)
            {
                CheckBody(errors, argument, type);
            }
        }

        return errors.Count == 0 ? next(context) : ValueTask.FromResult<object?>(ApiProblems.Validation(errors));
    }

    private static void CheckBody(Dictionary<string, string[]> errors, object body, Type type)
    {
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            var field = "$." + JsonNamingPolicy.CamelCase.ConvertName(property.Name);
            switch (property.GetValue(body))
            {
                case string text:
                    Check(errors, field, text);
                    break;
                case IDictionary map:
                    foreach (DictionaryEntry entry in map)
                    {
                        Check(errors, field, entry.Key as string);
                        Check(errors, $"{field}.{entry.Key}", entry.Value as string);
                    }

                    break;
            }
        }
    }

    private static void Check(Dictionary<string, string[]> errors, string field, string? text)
    {
        if (StorableText.Problem(field, text) is { } problem)
        {
            errors.TryAdd(StorableText.Shorten(field), [problem]);
        }
    }
}
