using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace OrleansFlows.Api.OpenApi;

/// <summary>The document's title, server (relative, so it follows wherever the API is served), tag descriptions, and required properties.</summary>
internal sealed class ApiDocumentTransformer(RequiredProperties requiredProperties) : IOpenApiDocumentTransformer
{
    private static readonly Dictionary<string, string> TagDescriptions = new(StringComparer.Ordinal)
    {
        ["Tenants (operator)"] = "Tenants, their API keys, suspension and plan limits; takes the operator key.",
        ["Workflows"] = "Workflow definitions and their versions.",
        ["Connections"] = "Named outbound connections (HTTP APIs, Slack webhooks, RabbitMQ brokers); secrets are never returned.",
        ["Leads"] = "Submitting leads and following their runs.",
        ["Records"] = "Lead records stored by `store` steps.",
        ["Usage"] = "Today's usage against the plan.",
        ["Reconciliation"] = "The nightly reconciliation schedule and its runs.",
        ["Retention"] = "How long finished leads and stored records are kept, and the nightly job that deletes them.",
        ["Audit"] = "The tenant's own audit trail: what happened to the tenant rather than to one lead, such as a rejected queue message.",
        ["Exports"] = "Exports of everything a tenant holds, as a zip of NDJSON files.",
        ["Erasures"] = "Erasure of a data subject (by email or lead id) from leads, attempts, audit rows, stored records and grain state.",
        ["Webhooks"] = "Signed webhook intake (Standard Webhooks) and the signing secrets.",
        ["API keys"] = "The tenant's own API keys: list, issue (shown once) and revoke.",
        ["Cluster (operator)"] = "The Orleans cluster's silos; takes the operator key.",
    };

    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Info.Title = "OrleansFlows API";
        document.Info.Description = "Multi-tenant workflow automation: tenants publish workflows, and leads submitted by API or signed webhook run through them. Every error is `application/problem+json`. Conventions, limits and throttling: docs/api.md.";
        document.Servers = [new OpenApiServer { Url = "/", Description = "The host that serves this document." }];
        foreach (var tag in (IEnumerable<OpenApiTag>?)document.Tags ?? [])
        {
            if (tag.Name is { } name && TagDescriptions.TryGetValue(name, out var description))
            {
                tag.Description = description;
            }
        }

        OptionalPropertiesSchemaTransformer.Apply(document, requiredProperties);
        return Task.CompletedTask;
    }
}
