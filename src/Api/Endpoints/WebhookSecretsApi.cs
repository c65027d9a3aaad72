using Microsoft.AspNetCore.Http.HttpResults;
using OrleansFlows.Api.Auth;
using OrleansFlows.Api.Hosting;
using OrleansFlows.Api.Models;
using OrleansFlows.Contracts.Tenants;

namespace OrleansFlows.Api.Endpoints;

/// <summary>Tenant endpoints for webhook signing secrets: create or rotate (the secret shown once), and list without secrets.</summary>
public static class WebhookSecretsApi
{
    public static RouteGroupBuilder MapWebhookSecretsApi(this RouteGroupBuilder group)
    {
        group.MapPost("/webhook-secrets", IssueAsync).WithTags("Webhooks").WithName("CreateWebhookSecret").CarriesSecret()
            .WithSummary("Creates or rotates the webhook signing secret (whsec_…, shown once); the previous one stays valid until the next rotation.");
        group.MapGet("/webhook-secrets", ListAsync).WithTags("Webhooks").WithName("ListWebhookSecrets")
            .WithSummary("Lists the active webhook signing secrets, newest first, without the secrets: 'current' and, after a rotation, 'previous'.");
        return group;
    }

    private static async Task<Created<WebhookSecretResponse>> IssueAsync(HttpContext http, IGrainFactory grains)
    {
        var secret = await Grain(http, grains).IssueWebhookSecretAsync();
        return TypedResults.Created($"/v1/webhook-secrets/{secret.SecretId}", new WebhookSecretResponse(secret.SecretId, secret.Secret, secret.CreatedAt));
    }

    private static async Task<Ok<PageResponse<WebhookSecretSummary>>> ListAsync(HttpContext http, IGrainFactory grains)
    {
        var secrets = await Grain(http, grains).ListWebhookSecretsAsync();
        return TypedResults.Ok(new PageResponse<WebhookSecretSummary>(secrets.Select(WebhookSecretSummary.From).ToList(), null));
    }

    private static ITenantGrain Grain(HttpContext http, IGrainFactory grains) => grains.GetGrain<ITenantGrain>(AuthenticatedTenant.Of(http).Value);
}
